/// Spreads requests evenly: each one is given the first free slot at least `interval` after the
/// previous one (a virtual schedule, as the generic cell rate algorithm keeps it), so that no burst
/// ever exceeds the rate. A slot unused in the past is not saved up.
struct RateLimiter: Sendable {
    let interval: Duration
    /// The first instant the next request may go.
    private var nextFree: ContinuousClock.Instant?

    init(interval: Duration) {
        self.interval = interval
    }

    /// Books the next slot for a request arriving at `now`; returns how long it must wait for it.
    mutating func reserve(at now: ContinuousClock.Instant) -> Duration {
        let slot = max(now, nextFree ?? now)
        nextFree = slot + interval
        return slot - now
    }
}
