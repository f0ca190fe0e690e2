/// When the circuit breaker of an action opens, and for how long (spec §10):
/// `circuitBreaker: { failureRate: 50%, minimumCalls: 20, window: 1m, openFor: 30s, maxOpenFor: 10m, disableAfter: 3d }`.
///
/// Each field renders back in the syntax of the configuration file with its `configText`
/// (``Percentage/configText``, `Duration.configText`).
public struct CircuitBreakerPolicy: Sendable, Hashable {
    /// The share of failed tries in `window` that opens the breaker, from 1% to 100%.
    public var failureRate: Percentage
    /// The fewest tries in `window` that may open the breaker: below them it stays closed.
    public var minimumCalls: Int
    /// How far back the tries are counted.
    public var window: Duration
    /// How long the breaker first stays open before a probe delivery is tried.
    public var openFor: Duration
    /// The longest it stays open: each failed probe doubles the time, up to this one.
    public var maxOpenFor: Duration
    /// After failing this long with no success, the action's contracts are paused until an
    /// operator resumes them; `nil` never pauses them.
    public var disableAfter: Duration?

    public init(
        failureRate: Percentage = Percentage(50), minimumCalls: Int = 20, window: Duration = .seconds(60),
        openFor: Duration = .seconds(30), maxOpenFor: Duration = .seconds(600), disableAfter: Duration? = nil
    ) {
        self.failureRate = failureRate
        self.minimumCalls = minimumCalls
        self.window = window
        self.openFor = openFor
        self.maxOpenFor = maxOpenFor
        self.disableAfter = disableAfter
    }
}
