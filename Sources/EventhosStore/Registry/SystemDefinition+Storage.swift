import EventhosCore

extension SystemDefinition {
    /// The `system` row of this definition.
    var registryRow: RegistryRow {
        RegistryRow(
            identifier: identifier,
            columns: [
                ("name", name.sqlValue), ("type", type.sqlValue),
                ("class", systemClass.rawValue.sqlValue), ("description", description.sqlValue),
                ("amqp_user", amqpUser.sqlValue),
            ])
    }

    /// Reads a `system` row and its valid keys.
    init(row: SQLRow, keys: [ProducerKeyDefinition]) throws(StoreError) {
        self.init(
            identifier: try row["identifier"], name: try row["name"], type: try row["type"],
            systemClass: try EventhosStore.decode(Class.self, try row["class"]), description: try row["description"],
            keys: keys, amqpUser: try row["amqp_user"])
    }
}
