import EventhosTemplates

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
    /// Only the events that match it are delivered; `nil` delivers every event.
    public var filter: EventFilter?
    /// Events accepted longer ago than this are not delivered: their deliveries are dead-lettered
    /// as `expired`; `nil` for no limit.
    public var maxAge: Duration?
    /// How the action's response statuses are judged for this contract; replaces the action's
    /// policy when set; `nil` uses the action's, or the default of spec §5.
    public var responses: ResponsePolicy?
    /// Delivers the events of one key one at a time, in order; `nil` delivers in parallel, unordered.
    public var ordering: OrderingPolicy?
    /// Set while the contract is paused; `nil` when it delivers. Not part of the configuration.
    public var pause: ContractPause?

    public init(
        identifier: String, name: String, event: String, action: String,
        active: Bool = true, order: Int = 0, retry: RetryPolicy? = nil, filter: EventFilter? = nil, maxAge: Duration? = nil,
        responses: ResponsePolicy? = nil, ordering: OrderingPolicy? = nil, pause: ContractPause? = nil
    ) {
        self.identifier = identifier
        self.name = name
        self.event = event
        self.action = action
        self.active = active
        self.order = order
        self.retry = retry
        self.filter = filter
        self.maxAge = maxAge
        self.responses = responses
        self.ordering = ordering
        self.pause = pause
    }

    /// Whether the contract's worker consumes its queue: active and not paused.
    public var delivers: Bool {
        active && pause == nil
    }
}
