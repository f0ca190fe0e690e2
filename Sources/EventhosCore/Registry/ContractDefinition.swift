/// WHEN `event` happens THEN do `action`.
public struct ContractDefinition: Sendable, Hashable {
    public var identifier: String
    public var name: String
    /// Identifier of the event.
    public var event: String
    /// Identifier of the action.
    public var action: String
    public var active: Bool
    /// Contracts of one event with the same order run in parallel.
    public var order: Int
    /// The contract's own policy; `nil` uses the configuration's default.
    public var retry: RetryPolicy?

    public init(
        identifier: String, name: String, event: String, action: String,
        active: Bool = true, order: Int = 0, retry: RetryPolicy? = nil
    ) {
        self.identifier = identifier
        self.name = name
        self.event = event
        self.action = action
        self.active = active
        self.order = order
        self.retry = retry
    }
}
