import ServiceLifecycle
import Synchronization

/// The events being answered on the channel pipeline, which a graceful shutdown waits for before
/// the broker connections and the store close.
///
/// An event's task is not a child of the HTTP server's: the server stops waiting for a connection
/// once it is closed, even when its producer went away while the event was being published. This
/// service stops right after the HTTP server, once no event is left (each ends within
/// `server.publishTimeout`).
final class EventsInFlight: Service, Sendable {
    private struct State {
        var count = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// An event's task begins.
    func started() {
        state.withLock { $0.count += 1 }
    }

    /// An event's task ended.
    func finished() {
        let idle = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.count -= 1
            guard state.count == 0 else { return [] }
            defer { state.waiting = [] }
            return state.waiting
        }
        for waiter in idle { waiter.resume() }
    }

    /// Waits for a graceful shutdown, then for the events in flight.
    func run() async {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: nothing to wait for
        }
        await withCheckedContinuation { waiter in
            let idle = state.withLock { state in
                guard state.count > 0 else { return true }
                state.waiting.append(waiter)
                return false
            }
            if idle { waiter.resume() }
        }
    }
}
