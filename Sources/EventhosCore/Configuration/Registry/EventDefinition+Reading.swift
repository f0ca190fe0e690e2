extension EventDefinition {
    /// Reads one row of `events`; its producer must be a producer or hybrid system of `systems`.
    static func row(_ row: inout ConfigMapping, systems: RegistryIndex<SystemDefinition>) -> RegistryRow<EventDefinition> {
        let written = row.optional("identifier", as: String.self)
        let name = row.required("name", as: String.self)
        let operation = row.required("operation", as: Operation.self)
        let producer = systems.resolve("producer", of: &row)
        if let producer, producer.systemClass == .subscriber {
            row.report(
                "system \"\(producer.identifier)\" is a subscriber: an event's producer must be a producer or hybrid system", at: "producer"
            )
        }
        let description = row.optional("description", default: "")
        let identifier = row.rowIdentifier(written, derivedFrom: name.flatMap { name in operation.map { "\(name) \($0.rawValue)" } })
        guard let identifier, let name, let operation, let producer else { return RegistryRow(identifier: identifier) }
        return RegistryRow(
            identifier: identifier,
            definition: EventDefinition(
                identifier: identifier.value, name: name, operation: operation, producer: producer.identifier, description: description
            )
        )
    }
}
