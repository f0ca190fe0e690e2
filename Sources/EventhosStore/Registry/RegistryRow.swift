import GRDB

/// A row of a registry table (`system`, `event`, `action`, `contract`) as a definition wants it:
/// its identifier and the values of its other columns, timestamps and `deleted` left out.
struct RegistryRow {
    let identifier: String
    let columns: [(name: String, value: DatabaseValue)]

    /// Whether `stored` already holds these values and is not deleted.
    func matches(_ stored: Row) -> Bool {
        stored["deleted"] == false && columns.allSatisfy { stored[$0.name] == $0.value }
    }
}
