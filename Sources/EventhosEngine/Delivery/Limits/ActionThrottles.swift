import EventhosCore
import EventhosStore
import Logging
import Synchronization

/// The rate limiters of the running actions: one per action and rate, shared by its contracts.
///
/// With a store that several instances share (PostgreSQL), an action's schedule lives in the
/// store, so the rate holds for all instances together; should the store fail, each instance falls
/// back to a schedule of its own until it answers again. With SQLite (one instance), the schedule
/// is this process's.
package final class ActionThrottles: Sendable {
    private struct Key: Hashable {
        var action: String
        var limit: RateLimit
    }

    private let limiters = Mutex<[Key: Throttle]>([:])
    private let shared: EventhosStore?
    private let logger: Logger

    /// - Parameter shared: the store whose schedules every instance follows; `nil` for this process's own.
    package init(shared: EventhosStore?, logger: Logger) {
        self.shared = shared
        self.logger = logger
    }

    /// The throttle of `action`, `nil` when it has no rate limit.
    func throttle(for action: ActionDefinition) -> Throttle? {
        guard let limit = action.rateLimit else { return nil }
        return limiters.withLock { limiters in
            let key = Key(action: action.identifier, limit: limit)
            if let existing = limiters[key] {
                return existing
            }
            let made = Throttle(action: action.identifier, limit: limit, shared: shared, logger: logger)
            limiters[key] = made
            return made
        }
    }

    /// One action's rate limiter.
    final class Throttle: Sendable {
        private let action: String
        private let interval: Duration
        private let limiter: Mutex<RateLimiter>
        private let shared: EventhosStore?
        private let logger: Logger

        init(action: String, limit: RateLimit, shared: EventhosStore?, logger: Logger) {
            self.action = action
            self.interval = limit.interval
            self.limiter = Mutex(RateLimiter(interval: limit.interval))
            self.shared = shared
            self.logger = logger
        }

        /// Waits for the request's slot (the wait ends early on cancellation).
        func wait() async {
            let delay = await reserve()
            if delay > .zero {
                try? await Task.sleep(for: delay)
            }
        }

        private func reserve() async -> Duration {
            guard let shared else { return limiter.withLock { $0.reserve(at: .now) } }
            do {
                return try await shared.reserveRateSlot(action: action, interval: interval)
            } catch {
                logger.warning(
                    "the shared rate schedule is unavailable: this instance keeps the rate on its own meanwhile",
                    metadata: ["action": "\(action)", "error": "\(error)"])
                return limiter.withLock { $0.reserve(at: .now) }
            }
        }
    }
}
