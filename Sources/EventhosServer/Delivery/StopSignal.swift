import Synchronization

/// Tells a worker's deliveries that wait in place (an in-place retry's delay, an order group) that
/// the worker stops: they hand their message back to the broker instead of waiting on.
final class StopSignal: Sendable {
    private let signalled = Atomic<Bool>(false)

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
