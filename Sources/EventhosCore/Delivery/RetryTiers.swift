/// The delay queues of the broker: one per distinct delay of every retry policy in force, so no
/// message ever waits behind one with a longer delay (a queue's TTL is the same for all its messages).
public struct RetryTiers: Sendable, Hashable {
    /// Distinct delays, shortest first.
    public let delays: [Duration]

    public init(policies: some Sequence<RetryPolicy>) {
        delays = Set(policies.flatMap(\.backoff)).filter { $0 > .zero }.sorted()
    }

    /// The tier that serves `delay`: the shortest one not shorter than it, else the longest.
    public func tier(for delay: Duration) -> Duration? {
        delays.first { $0 >= delay } ?? delays.last
    }

    /// The name of a tier's queue, e.g. `eventhos.retry.5000ms`.
    public static func queueName(_ delay: Duration) -> String {
        "eventhos.retry.\(delay.milliseconds)ms"
    }
}

extension Duration {
    /// The whole duration in milliseconds, rounded down.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
