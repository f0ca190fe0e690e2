/// Every row of the registry: systems, events, actions and contracts.
public struct RegistryDefinition: Sendable, Hashable {
    public var systems: [SystemDefinition]
    public var events: [EventDefinition]
    public var actions: [ActionDefinition]
    public var contracts: [ContractDefinition]

    public init(
        systems: [SystemDefinition] = [], events: [EventDefinition] = [],
        actions: [ActionDefinition] = [], contracts: [ContractDefinition] = []
    ) {
        self.systems = systems
        self.events = events
        self.actions = actions
        self.contracts = contracts
    }
}
