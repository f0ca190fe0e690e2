import EventhosJSON
import EventhosTemplates

extension JSONValue {
    /// The compact JSON text stored in a JSON column; objects keep their member order.
    var storageText: String {
        serializedString
    }

    /// Reads the text of a JSON column.
    init(storageText: String) throws(StoreError) {
        do {
            self = try JSONParser.parse(Array(storageText.utf8))
        } catch {
            throw StoreError(.invalidRow, "invalid JSON column: \(error)")
        }
    }
}
