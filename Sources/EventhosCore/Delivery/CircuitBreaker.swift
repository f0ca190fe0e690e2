/// The circuit breaker of one action (spec §10): a state machine held as a value, with no clock
/// inside. Every call that may move it takes the time as `now`, so it is tested without waiting.
///
/// - **Closed**: every delivery is admitted, and the tries of the last `window` are counted; the
///   breaker opens when at least `minimumCalls` were tried and `failureRate` of them failed.
/// - **Open** until `openFor` has passed: no delivery is admitted, they wait.
/// - **Half-open**: the first delivery admitted after that is the probe, and no other is admitted
///   while it is in flight. Its success closes the breaker; its failure reopens it for twice as
///   long as before, at most `maxOpenFor`. Failing for `disableAfter` with no success since the
///   breaker first opened disables it: the caller pauses the action's contracts.
///
/// A failure is a ``TryVerdict/retryable`` try: a 5xx, 408, 429, a time-out, a connection error,
/// an endpoint that is unwell. A ``TryVerdict/permanent`` try (another 4xx) counts as a success:
/// a healthy endpoint refused that message, which says nothing of the next one, and a run of bad
/// events must not stop the deliveries of good ones. The verdict comes from the contract's
/// ``ResponsePolicy``, if any, so a policy moves statuses from one side to the other.
///
/// Each admitted delivery gets a ``Ticket`` to hand back with its outcome. Every change of state
/// makes the tickets given before it stale, and a stale outcome is ignored: a delivery that
/// started before the breaker opened and ends while it is open (or after it closed again) moves
/// nothing.
///
/// The window counts tries in ten buckets of a tenth of `window` each, not one entry per try;
/// a try leaves the count when its whole bucket is older than `window`, up to a tenth of
/// `window` late.
public struct CircuitBreaker: Sendable {
    /// Where the breaker is.
    public enum State: Sendable, Hashable {
        /// Deliveries are admitted and their outcomes counted.
        case closed
        /// No delivery is admitted before `until`; the first one admitted after it is the probe.
        /// A breaker whose time is up stays open until that delivery comes.
        case open(until: ContinuousClock.Instant)
        /// Half-open: the probe is in flight, and no other delivery is admitted.
        case probing
    }

    /// What a delivery may do now.
    public enum Admission: Sendable, Hashable {
        /// Deliver, then hand the ticket back to ``CircuitBreaker/record(_:of:now:)``.
        case deliver(Ticket)
        /// Deliver as the probe, then hand the ticket back to ``CircuitBreaker/record(_:of:now:)``,
        /// or to ``CircuitBreaker/cancel(_:now:)`` if the delivery is not tried after all: until
        /// one of them, every other delivery waits.
        case probe(Ticket)
        /// The breaker is open: ask again at `until`.
        case wait(until: ContinuousClock.Instant)
        /// The probe is in flight: ask again when it ends, at the next transition.
        case waitForProbe
    }

    /// A change of state that the caller acts on: announce it, pause the contracts.
    public enum Transition: Sendable, Hashable {
        /// The failures in the window reached the rate: the breaker is open for `openFor`.
        case opened(openFor: Duration)
        /// The probe failed: the breaker is open again for `openFor`, twice the time before
        /// (at most `maxOpenFor`).
        case reopened(openFor: Duration)
        /// The probe succeeded: deliveries pass again, counted in an empty window.
        case closed
        /// The probe failed, and the action has failed for `disableAfter` with no success since
        /// the breaker first opened: pause its contracts. The breaker is open again as after
        /// ``reopened(openFor:)``, and counts `disableAfter` afresh from now.
        case disabled
    }

    /// The pass of one delivery, handed back with its outcome.
    public struct Ticket: Sendable, Hashable {
        fileprivate let generation: Int
    }

    /// The policy the breaker follows.
    public let policy: CircuitBreakerPolicy
    /// Where the breaker is, for the console, the API and the metrics.
    public private(set) var state = State.closed
    /// Counts the changes of state: a ticket of an earlier generation is stale.
    private var generation = 0
    /// The tries counted while closed.
    private var window: OutcomeWindow
    /// How long the breaker opens at its next opening.
    private var openFor: Duration
    /// When the breaker first opened since its last success; `nil` while closed.
    private var failingSince: ContinuousClock.Instant?

    /// A closed breaker.
    public init(policy: CircuitBreakerPolicy) {
        self.policy = policy
        window = OutcomeWindow(length: policy.window)
        openFor = policy.openFor
    }

    /// The name of the state: `closed`, `open` or `half-open`.
    public var stateName: String {
        switch state {
        case .closed: "closed"
        case .open: "open"
        case .probing: "half-open"
        }
    }

    /// Whether a delivery may start now; an open breaker whose time is up admits it as the probe.
    public mutating func admit(now: ContinuousClock.Instant) -> Admission {
        switch state {
        case .closed:
            return .deliver(Ticket(generation: generation))
        case .open(let until) where now < until:
            return .wait(until: until)
        case .open:
            generation += 1
            state = .probing
            return .probe(Ticket(generation: generation))
        case .probing:
            return .waitForProbe
        }
    }

    /// Counts the outcome of the delivery that `ticket` admitted; the transition it causes, if any.
    ///
    /// A ``TryVerdict/retryable`` verdict is a failure; the others are successes of the endpoint.
    /// A stale ticket (given before the last change of state) changes nothing.
    public mutating func record(_ verdict: TryVerdict, of ticket: Ticket, now: ContinuousClock.Instant) -> Transition? {
        guard ticket.generation == generation else { return nil }
        let failed = verdict == .retryable
        switch state {
        case .closed:
            window.record(failed: failed, now: now)
            guard
                window.calls >= policy.minimumCalls,
                Double(window.failures) * 100 >= policy.failureRate.percent * Double(window.calls)
            else { return nil }
            failingSince = now
            open(now: now)
            return .opened(openFor: openFor)
        case .probing where failed:
            openFor = min(openFor * 2, policy.maxOpenFor)
            open(now: now)
            if let disableAfter = policy.disableAfter, let failingSince, now - failingSince >= disableAfter {
                self.failingSince = now
                return .disabled
            }
            return .reopened(openFor: openFor)
        case .probing:
            state = .closed
            generation += 1
            window = OutcomeWindow(length: policy.window)
            openFor = policy.openFor
            failingSince = nil
            return .closed
        case .open:
            // Opening and admitting the probe both start a new generation: no current ticket is out.
            return nil
        }
    }

    /// Gives back the probe's ticket when its delivery is not tried after all (the message
    /// expired, the contract was paused, the instance stops): the next delivery admitted is the
    /// probe. Any other ticket needs no giving back and changes nothing here.
    public mutating func cancel(_ ticket: Ticket, now: ContinuousClock.Instant) {
        guard ticket.generation == generation, state == .probing else { return }
        generation += 1
        state = .open(until: now)
    }

    /// Opens the breaker for `openFor` from `now`.
    private mutating func open(now: ContinuousClock.Instant) {
        state = .open(until: now + openFor)
        generation += 1
    }
}

/// The tries of the last `length`, in buckets of a tenth of it.
private struct OutcomeWindow: Sendable {
    private struct Bucket: Sendable {
        let start: ContinuousClock.Instant
        var calls = 0
        var failures = 0
    }

    private let length: Duration
    /// Oldest first; at most eleven: ten in the window and the one it is leaving.
    private var buckets: [Bucket] = []

    init(length: Duration) {
        self.length = length
    }

    /// The tries counted.
    var calls: Int {
        buckets.reduce(0) { $0 + $1.calls }
    }

    /// The failed tries counted.
    var failures: Int {
        buckets.reduce(0) { $0 + $1.failures }
    }

    /// Counts a try that ended at `now`, and forgets the buckets wholly older than `length`.
    mutating func record(failed: Bool, now: ContinuousClock.Instant) {
        let width = length / 10
        buckets.removeAll { $0.start + width <= now - length }
        if buckets.last.map({ now >= $0.start + width }) ?? true {
            buckets.append(Bucket(start: now))
        }
        buckets[buckets.count - 1].calls += 1
        if failed {
            buckets[buckets.count - 1].failures += 1
        }
    }
}
