import Synchronization

/// When something happened, once it has.
final class Moment: Sendable {
    private let at = Mutex<ContinuousClock.Instant?>(nil)

    func mark() {
        at.withLock { $0 = .now }
    }

    var instant: ContinuousClock.Instant? {
        at.withLock { $0 }
    }
}
