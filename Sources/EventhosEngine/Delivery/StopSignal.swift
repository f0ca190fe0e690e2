import Synchronization

/// Tells a worker's deliveries that wait in place (an in-place retry's delay, an order group) that
/// the worker stops, so that they stop waiting; counts the deliveries being handled, so that the
/// worker can let them finish before it lets go of its channel.
final class StopSignal: Sendable {
    private let signalled = Atomic<Bool>(false)
    /// Deliveries being handled now.
    private let busy = Atomic<Int>(0)

    /// Counts `body` as a delivery being handled while it runs.
    func working<Result>(_ body: () async -> Result) async -> Result {
        busy.wrappingAdd(1, ordering: .relaxed)
        defer { busy.wrappingSubtract(1, ordering: .releasing) }
        return await body()
    }

    /// Waits until no delivery is being handled, or `limit` has passed.
    func idle(within limit: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while busy.load(ordering: .acquiring) > 0, clock.now < deadline {
            try? await clock.sleep(for: .milliseconds(20))
        }
    }

    func signal() {
        signalled.store(true, ordering: .releasing)
    }

    var isSignalled: Bool {
        signalled.load(ordering: .acquiring)
    }

    /// Sleeps `duration` in slices of at most a second; `false` when the worker stopped or the task
    /// was cancelled meanwhile.
    func sleep(for duration: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        while clock.now < deadline {
            guard !isSignalled else { return false }
            do {
                try await clock.sleep(until: min(deadline, clock.now + .seconds(1)))
            } catch {
                return false
            }
        }
        return !isSignalled
    }
}
