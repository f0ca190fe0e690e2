import EventhosCore
import GRDB

extension SystemDefinition {
    /// The `system` row of this definition.
    var registryRow: RegistryRow {
        RegistryRow(
            identifier: identifier,
            columns: [
                ("name", name.databaseValue), ("type", type.databaseValue),
                ("class", systemClass.rawValue.databaseValue), ("description", description.databaseValue),
                ("amqp_user", amqpUser.databaseValue),
            ])
    }

    /// Reads a `system` row and its valid keys.
    init(row: Row, keys: [ProducerKeyDefinition]) throws(StoreError) {
        self.init(
            identifier: row["identifier"], name: row["name"], type: row["type"],
            systemClass: try EventhosStore.decode(Class.self, row["class"]), description: row["description"],
            keys: keys, amqpUser: row["amqp_user"])
    }
}
