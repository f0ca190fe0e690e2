extension RegistryDefinition {
    /// Reads the sections `systems`, `events`, `actions` and `contracts` of the file, resolving
    /// every reference between them; any of them may be absent.
    init(config file: inout ConfigMapping, defaultRetry: RetryPolicy) {
        var keyHashes = UniquenessCheck<ProducerKeyHash>(of: "producer key")
        var amqpUsers = UniquenessCheck<String>(of: "amqpUser")
        let systems = RegistryIndex(reading: "systems", of: &file, kind: "system", builtIn: Self.builtIn.systems) {
            SystemDefinition.row(&$0, keyHashes: &keyHashes, amqpUsers: &amqpUsers)
        }
        let events = RegistryIndex(reading: "events", of: &file, kind: "event", builtIn: Self.builtIn.events) {
            EventDefinition.row(&$0, systems: systems)
        }
        let actions = RegistryIndex(reading: "actions", of: &file, kind: "action") {
            ActionDefinition.row(&$0, systems: systems, events: events)
        }
        let contracts = RegistryIndex(reading: "contracts", of: &file, kind: "contract") {
            ContractDefinition.row(&$0, events: events, actions: actions, defaultRetry: defaultRetry)
        }
        self.init(
            systems: systems.definitions, events: events.definitions, actions: actions.definitions, contracts: contracts.definitions
        )
    }
}
