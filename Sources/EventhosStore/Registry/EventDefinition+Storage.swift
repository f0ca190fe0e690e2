import EventhosCore

extension EventDefinition {
    /// The `event` row of this definition.
    func registryRow(systemIds: [String: Int64]) throws(StoreError) -> RegistryRow {
        RegistryRow(
            identifier: identifier,
            columns: [
                ("name", name.sqlValue), ("operation", operation.rawValue.sqlValue),
                ("producer_id", try systemIds.id(of: producer, referencedBy: "event '\(identifier)'").sqlValue),
                ("description", description.sqlValue),
            ])
    }

    /// Reads an `event` row joined with its producer's identifier as `producer`.
    init(row: SQLRow) throws(StoreError) {
        self.init(
            identifier: try row["identifier"], name: try row["name"],
            operation: try EventhosStore.decode(Operation.self, try row["operation"]), producer: try row["producer"],
            description: try row["description"])
    }
}
