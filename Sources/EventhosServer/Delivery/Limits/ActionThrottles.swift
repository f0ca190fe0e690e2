import EventhosCore
import Synchronization

/// The rate limiters of the running actions: one per action and rate, shared by its contracts.
final class ActionThrottles: Sendable {
    private struct Key: Hashable {
        var action: String
        var limit: RateLimit
    }

    private let limiters = Mutex<[Key: Throttle]>([:])

    /// The throttle of `action`, `nil` when it has no rate limit.
    func throttle(for action: ActionDefinition) -> Throttle? {
        guard let limit = action.rateLimit else { return nil }
        return limiters.withLock { limiters in
            let key = Key(action: action.identifier, limit: limit)
            if let existing = limiters[key] {
                return existing
            }
            let made = Throttle(limit: limit)
            limiters[key] = made
            return made
        }
    }

    /// One action's rate limiter.
    final class Throttle: Sendable {
        private let limiter: Mutex<RateLimiter>

        init(limit: RateLimit) {
            limiter = Mutex(RateLimiter(interval: limit.interval))
        }

        /// Waits for the request's slot (the wait ends early on cancellation).
        func wait() async {
            let delay = limiter.withLock { $0.reserve(at: .now) }
            if delay > .zero {
                try? await Task.sleep(for: delay)
            }
        }
    }
}
