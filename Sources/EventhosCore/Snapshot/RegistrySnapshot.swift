/// The registry as the hot paths read it.
///
/// Immutable, built once per registry change and swapped atomically by the server; lookups are
/// O(1) dictionary reads — the ingest hot path never queries the database.
///
/// It trusts no invariant of its input: where a registry holds two rows with one identifier the
/// first wins, and a contract whose event or action is missing is left out.
public struct RegistrySnapshot: Sendable {
    /// The owning system of each producer key, by the key's hash.
    private let producers: [String: (hash: ProducerKeyHash, system: String)]
    /// The system publishing as each broker user (`amqpUser`).
    private let brokerUsers: [String: String]
    private let events: [String: EventRoute]
    private let contractsByIdentifier: [String: ContractRoute]
    private let activeContractsByEvent: [String: [ContractRoute]]

    /// The active contracts, in the order of the registry.
    public let contracts: [ContractRoute]

    public init(registry: RegistryDefinition, defaultRetry: RetryPolicy) {
        producers = Dictionary(
            registry.systems.flatMap { system in system.keys.map { ($0.hash.hex, (hash: $0.hash, system: system.identifier)) } },
            uniquingKeysWith: { first, _ in first }
        )
        brokerUsers = Dictionary(
            registry.systems.compactMap { system in system.amqpUser.map { ($0, system.identifier) } },
            uniquingKeysWith: { first, _ in first }
        )
        let eventsByIdentifier = Dictionary(registry.events.map { ($0.identifier, $0) }, uniquingKeysWith: { first, _ in first })
        let actions = Dictionary(registry.actions.map { ($0.identifier, $0) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<String>()
        let routes: [ContractRoute] = registry.contracts.compactMap { contract in
            guard seen.insert(contract.identifier).inserted,
                  let event = eventsByIdentifier[contract.event], let action = actions[contract.action]
            else { return nil }
            return ContractRoute(contract: contract, event: event, action: action, retry: contract.retry ?? defaultRetry)
        }
        let active = routes.filter(\.contract.active)
        contracts = active
        contractsByIdentifier = Dictionary(uniqueKeysWithValues: routes.map { ($0.contract.identifier, $0) })
        let activeByEvent = Dictionary(grouping: active, by: \.event.identifier)
        activeContractsByEvent = activeByEvent
        events = eventsByIdentifier.mapValues { EventRoute(event: $0, activeContracts: activeByEvent[$0.identifier]?.count ?? 0) }
    }

    /// The identifier of the system owning `presentedKey`, or `nil` for an unknown or revoked key.
    ///
    /// The key is hashed and looked up by hash; the stored hash is then compared in constant time.
    public func producer(presentedKey: some StringProtocol) -> String? {
        let hash = ProducerKeyHash(key: presentedKey)
        guard let owner = producers[hash.hex], owner.hash.constantTimeEquals(hash) else { return nil }
        return owner.system
    }

    /// The identifier of the system that names `amqpUser` as the broker user it publishes as, if any.
    ///
    /// Only meaningful for a user the broker vouched for: the `user_id` of a delivered message,
    /// which RabbitMQ checks against the publishing connection's user.
    public func producer(amqpUser: String) -> String? {
        brokerUsers[amqpUser]
    }

    /// The event with this identifier, with the number of its active contracts.
    public func event(_ identifier: String) -> EventRoute? {
        events[identifier]
    }

    /// The active contracts of the event with this identifier, in the order of the registry.
    public func activeContracts(of eventIdentifier: String) -> [ContractRoute] {
        activeContractsByEvent[eventIdentifier] ?? []
    }

    /// The contract with this identifier, active or not (see `contract.active`).
    public func contract(_ identifier: String) -> ContractRoute? {
        contractsByIdentifier[identifier]
    }
}
