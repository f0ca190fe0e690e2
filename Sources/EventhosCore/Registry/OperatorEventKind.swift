/// What an operator event reports (spec §10). Each is published to the topic exchange
/// `eventhos.operations` with the routing key `<kind>.<subject>`, and is an event of the built-in
/// system `eventhos` (`eventhos.<kind>`) that contracts may subscribe to.
public enum OperatorEventKind: String, Sendable, Hashable, CaseIterable {
    /// A delivery was dead-lettered for a reason other than its attempts running out: a
    /// permanent failure, an expired event, a malformed message.
    case deliveryDead = "delivery-dead"
    /// A delivery was dead-lettered after its last attempt failed.
    case deliveryExhausted = "delivery-exhausted"
    /// An action's circuit breaker opened (or opened again after a failed probe).
    case circuitOpened = "circuit-opened"
    /// An action's circuit breaker closed after a successful probe.
    case circuitClosed = "circuit-closed"
    /// A contract was paused, by an operator or by its action's circuit breaker.
    case contractPaused = "contract-paused"
    /// A contract was resumed.
    case contractResumed = "contract-resumed"
    /// A received event was rejected (bad key, unknown event, invalid body…).
    case eventRejected = "event-rejected"

    /// The identifier of the built-in event: `eventhos.delivery-dead`.
    public var eventIdentifier: String {
        "\(RegistryDefinition.builtInSystem).\(rawValue)"
    }

    /// The kind of a built-in event identifier; `nil` for any other event.
    public init?(eventIdentifier: String) {
        let prefix = "\(RegistryDefinition.builtInSystem)."
        guard eventIdentifier.hasPrefix(prefix) else { return nil }
        self.init(rawValue: String(eventIdentifier.dropFirst(prefix.count)))
    }
}

extension RegistryDefinition {
    /// The identifier of the built-in system that produces the operator events.
    public static let builtInSystem = "eventhos"

    /// The built-in system `eventhos` and its operator events: reserved identifiers, written to the
    /// store when the bridge starts and by `eventhos apply`, so that contracts may subscribe to them.
    public static let builtIn = RegistryDefinition(
        systems: [
            SystemDefinition(
                identifier: builtInSystem, name: "Eventhos", type: "Eventhos", systemClass: .producer,
                description: "Built in: publishes the operator events")
        ],
        events: OperatorEventKind.allCases.map { kind in
            EventDefinition(
                identifier: kind.eventIdentifier, name: "Eventhos \(kind.rawValue)", operation: .process,
                producer: builtInSystem, description: "Built in: an operator event")
        })

    /// This registry with the built-in rows added in front, unless it already holds them.
    public var withBuiltIn: RegistryDefinition {
        var registry = self
        let systems = Set(systems.map(\.identifier))
        let events = Set(events.map(\.identifier))
        registry.systems = Self.builtIn.systems.filter { !systems.contains($0.identifier) } + registry.systems
        registry.events = Self.builtIn.events.filter { !events.contains($0.identifier) } + registry.events
        return registry
    }
}
