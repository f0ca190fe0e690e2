import EventhosTemplates

extension ContractDefinition {
    /// Reads one row of `contracts`; a `retry` mapping overrides only what it names of `defaultRetry`.
    static func row(
        _ row: inout ConfigMapping, events: RegistryIndex<EventDefinition>, actions: RegistryIndex<ActionDefinition>,
        defaultRetry: RetryPolicy
    ) -> RegistryRow<ContractDefinition> {
        let written = row.optional("identifier", as: String.self)
        let name = row.required("name", as: String.self)
        let event = events.resolve("event", of: &row)
        let action = actions.resolve("action", of: &row)
        let active = row.optional("active", default: true)
        let order = row.optional("order", default: 0, .safe(from: -ConfigRule.largestSafeInteger))
        let retry = row.value("retry")?.mapping { RetryPolicy(config: &$0, base: defaultRetry) }
        let maxAge = row.optional("maxAge", as: Duration.self, .positive)
        let filter = row.value("filter").flatMap(EventFilter.init(config:))
        let responses = row.value("responses")?.mapping { ResponsePolicy(config: &$0) }
        let ordering = row.value("ordering")?.mapping { OrderingPolicy(config: &$0) }
        let identifier = row.rowIdentifier(written, derivedFrom: name)
        guard let identifier, let name, let event, let action else { return RegistryRow(identifier: identifier) }
        return RegistryRow(
            identifier: identifier,
            definition: ContractDefinition(
                identifier: identifier.value, name: name, event: event.identifier, action: action.identifier,
                active: active, order: order, retry: retry, filter: filter, maxAge: maxAge, responses: responses, ordering: ordering
            )
        )
    }
}
