import Foundation

/// Why and since when a contract takes no deliveries: its messages wait in its queue, retries
/// that come due wait there too, and resuming it delivers the backlog.
///
/// A pause is operational state, not configuration: it is not written in the configuration file,
/// `eventhos apply` leaves it as it is, and only a resume (admin API, console, CLI) lifts it.
public struct ContractPause: Sendable, Hashable {
    /// Who paused the contract.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// An operator, through the admin API, the console or the CLI.
        case `operator`
        /// The circuit breaker of the contract's action, after failing for its `disableAfter`.
        case circuitBreaker = "circuit-breaker"
    }

    public var reason: Reason
    public var since: Date

    public init(reason: Reason, since: Date) {
        self.reason = reason
        self.since = since
    }
}
