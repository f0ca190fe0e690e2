import Foundation

/// The dead queue of one contract, as `dlq list` shows it.
public struct DeadQueueSummary: Sendable, Hashable {
    /// The contract identifier.
    public var contract: String
    /// The dead queue's name.
    public var queue: String
    /// Messages waiting in it; `nil` when the queue does not exist (never declared).
    public var depth: Int?
    /// The last try of the message at its head (the oldest dead letter), when there is one.
    public var oldestLastTryAt: Date?

    package init(contract: String, queue: String, depth: Int?, oldestLastTryAt: Date?) {
        self.contract = contract
        self.queue = queue
        self.depth = depth
        self.oldestLastTryAt = oldestLastTryAt
    }
}
