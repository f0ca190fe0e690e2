/// How often and how late a failed action is tried again.
public struct RetryPolicy: Sendable, Hashable {
    /// Tries in all, the first one included.
    public var maxAttempts: Int
    /// Delay before the second, third… try; the last delay repeats.
    public var backoff: [Duration]

    public init(maxAttempts: Int, backoff: [Duration]) {
        self.maxAttempts = maxAttempts
        self.backoff = backoff
    }

    /// The default policy of the configuration file.
    public static let standard = RetryPolicy(
        maxAttempts: 6, backoff: [.seconds(1), .seconds(5), .seconds(30), .seconds(120), .seconds(600)])

    /// The delay after the try numbered `attempt` (1-based) failed; the last delay repeats.
    public func delay(afterAttempt attempt: Int) -> Duration {
        guard let last = backoff.last else { return .zero }
        let index = attempt - 1
        return index < backoff.count ? backoff[max(index, 0)] : last
    }
}
