/// A row of a registry table (`system`, `event`, `action`, `contract`) as a definition wants it:
/// its identifier and the values of its other columns, timestamps and `deleted` left out.
struct RegistryRow {
    let identifier: String
    let columns: [(name: String, value: SQLValue)]

    /// Whether `stored` already holds these values and is not deleted.
    func matches(_ stored: SQLRow) throws(StoreError) -> Bool {
        guard try stored["deleted"] == false else { return false }
        for column in columns where try stored.value(column.name) != column.value {
            return false
        }
        return true
    }
}
