import EventhosCore
import GRDB

extension EventDefinition {
    /// The `event` row of this definition.
    func registryRow(systemIds: [String: Int64]) throws(StoreError) -> RegistryRow {
        RegistryRow(
            identifier: identifier,
            columns: [
                ("name", name.databaseValue), ("operation", operation.rawValue.databaseValue),
                ("producer_id", try systemIds.id(of: producer, referencedBy: "event '\(identifier)'").databaseValue),
                ("description", description.databaseValue),
            ])
    }

    /// Reads an `event` row joined with its producer's identifier as `producer`.
    init(row: Row) throws(StoreError) {
        self.init(
            identifier: row["identifier"], name: row["name"],
            operation: try EventhosStore.decode(Operation.self, row["operation"]), producer: row["producer"],
            description: row["description"])
    }
}
