/// An event as the ingest path needs it.
public struct EventRoute: Sendable, Hashable {
    public var event: EventDefinition
    /// How many active contracts consume the event: the `contracts` of a webhook's answer.
    public var activeContracts: Int

    public init(event: EventDefinition, activeContracts: Int) {
        self.event = event
        self.activeContracts = activeContracts
    }
}
