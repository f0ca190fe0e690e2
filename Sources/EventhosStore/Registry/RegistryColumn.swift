import EventhosJSON
import EventhosTemplates

/// Registry columns that hold a section of the configuration as JSON text (`filter`, `responses`,
/// `circuit_breaker`), written as the configuration writes it and read back by its rules.
enum RegistryColumn {
    /// Reads such a column; `nil` when it is `NULL`.
    /// - Throws: ``StoreError/Code/invalidRow`` when the text is not JSON or `read` refuses it.
    static func section<Section, Failure: Error>(
        _ text: String?, of row: String, _ read: (JSONValue) throws(Failure) -> Section
    ) throws(StoreError) -> Section? {
        guard let text else { return nil }
        let json = try JSONValue(storageText: text)
        do {
            return try read(json)
        } catch {
            throw StoreError(.invalidRow, "\(row) has an invalid column: \(error)")
        }
    }
}
