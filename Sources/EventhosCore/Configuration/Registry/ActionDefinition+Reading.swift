extension ActionDefinition {
    /// Reads one row of `actions`; its subscriber must be a subscriber or hybrid system of
    /// `systems`, and its `replyTo` an event of `events` produced by that subscriber.
    static func row(
        _ row: inout ConfigMapping, systems: RegistryIndex<SystemDefinition>, events: RegistryIndex<EventDefinition>
    ) -> RegistryRow<ActionDefinition> {
        let written = row.optional("identifier", as: String.self)
        let name = row.required("name", as: String.self)
        let operation = row.required("operation", as: Operation.self)
        let subscriber = systems.resolve("subscriber", of: &row)
        if let subscriber, subscriber.systemClass == .producer {
            row.report(
                "system \"\(subscriber.identifier)\" is a producer: an action's subscriber must be a subscriber or hybrid system",
                at: "subscriber"
            )
        }
        let description = row.optional("description", default: "")
        let http = row.required("http") { $0.mapping { HTTPRequestDefinition(config: &$0) } }
        let security = row.value("security")?.mapping { ActionSecurity(config: &$0) }
        let signing = row.value("signing")?.mapping { ActionSigning(config: &$0) }
        let replyTo = events.resolve("replyTo", of: &row, required: false)
        let maxInFlight = row.optional("maxInFlight", as: Int.self, .within(1...Int(UInt16.max)))
        let rateLimit = row.optional("rateLimit", as: RateLimit.self)
        let responses = row.value("responses")?.mapping { ResponsePolicy(config: &$0) }
        let circuitBreaker = row.value("circuitBreaker")?.mapping { CircuitBreakerPolicy(config: &$0) }
        if let replyTo, let subscriber, replyTo.producer != subscriber.identifier {
            row.report(
                "event \"\(replyTo.identifier)\" is produced by \"\(replyTo.producer)\": "
                    + "a reply must be an event of the subscriber \"\(subscriber.identifier)\"",
                at: "replyTo"
            )
        }
        let identifier = row.rowIdentifier(written, derivedFrom: name.flatMap { name in operation.map { "\(name) \($0.rawValue)" } })
        guard let identifier, let name, let operation, let subscriber, let http else { return RegistryRow(identifier: identifier) }
        return RegistryRow(
            identifier: identifier,
            definition: ActionDefinition(
                identifier: identifier.value, name: name, operation: operation, subscriber: subscriber.identifier,
                description: description, http: http, security: security ?? .none, signing: signing, replyTo: replyTo?.identifier,
                maxInFlight: maxInFlight, rateLimit: rateLimit, responses: responses, circuitBreaker: circuitBreaker
            )
        )
    }
}
