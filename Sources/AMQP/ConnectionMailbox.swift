import CRabbitMQ
import Glibc
import Synchronization

/// The only meeting point of tasks and a connection's owner thread: a lock-protected command
/// queue plus an eventfd that wakes the owner thread out of poll(), the published connection
/// state, and the connection-state subscribers.
final class ConnectionMailbox: Sendable {
    private enum Phase {
        /// Accepting commands; the owner thread may not run yet.
        case open
        /// Shutdown requested: new commands are refused, queued ones are still handled.
        case stopping
        /// The owner thread is gone.
        case finished
    }

    private struct State {
        var commands: [DriverCommand] = []
        var phase = Phase.open
        var started = false
        var connectionState: AMQPConnectionState?
        var watchers: [UInt64: AsyncStream<AMQPConnectionState>.Continuation] = [:]
        var nextWatcher: UInt64 = 0
    }

    private let state = Mutex(State())
    private let connected = Atomic<Bool>(false)
    private let stopRequested = Atomic<Bool>(false)
    /// Readable whenever commands were queued (or shutdown requested) since the last ``clearWakeUp()``.
    let wakeUpFD: Int32

    init() {
        wakeUpFD = eventhos_wakeup_fd()
        precondition(wakeUpFD >= 0, "eventfd failed: errno \(errno)")
    }

    deinit {
        close(wakeUpFD)
    }

    /// Lock-free: whether the owner thread is connected and ready for publishes.
    var isConnected: Bool { connected.load(ordering: .acquiring) }

    /// Lock-free: whether shutdown was requested.
    var isStopRequested: Bool { stopRequested.load(ordering: .acquiring) }

    /// Marks the single owner thread as started; `false` when one already was.
    func claimStart() -> Bool {
        state.withLock { state in
            defer { state.started = true }
            return !state.started
        }
    }

    /// Queues a command; `false` once shutdown was requested (the caller then answers `.shutdown`).
    /// Only the command that makes the queue non-empty writes to the eventfd.
    func submit(_ command: sending DriverCommand) -> Bool {
        let wake: Bool? = state.withLock { state in
            guard case .open = state.phase else { return nil }
            state.commands.append(command)
            return state.commands.count == 1
        }
        guard let wake else { return false }
        if wake { signal() }
        return true
    }

    /// Swaps the queued commands into `buffer`, which must be empty (its capacity is reused).
    func drain(into buffer: inout [DriverCommand]) {
        state.withLock { state in swap(&state.commands, &buffer) }
    }

    /// Refuses new commands and wakes the owner thread so that it shuts down.
    func requestShutdown() {
        stopRequested.store(true, ordering: .releasing)
        state.withLock { state in
            if case .open = state.phase { state.phase = .stopping }
        }
        signal()
    }

    /// Resets the eventfd after a wake-up.
    func clearWakeUp() {
        var value: UInt64 = 0
        _ = read(wakeUpFD, &value, MemoryLayout<UInt64>.size)
    }

    /// Publishes a new state to ``isConnected`` (true only in `.connected`: not while blocked) and to every subscriber.
    func publish(_ newState: AMQPConnectionState) {
        connected.store(newState == .connected, ordering: .releasing)
        state.withLock { state in
            state.connectionState = newState
            for watcher in state.watchers.values { watcher.yield(newState) }
        }
    }

    /// The owner thread is gone: refuses commands for good, ends every subscription with `.closed`
    /// and returns the commands still queued, for the caller to fail.
    func finish() -> [DriverCommand] {
        connected.store(false, ordering: .releasing)
        let (commands, watchers) = state.withLock { state in
            state.phase = .finished
            state.connectionState = .closed
            defer {
                state.commands = []
                state.watchers = [:]
            }
            return (state.commands, Array(state.watchers.values))
        }
        for watcher in watchers {
            watcher.yield(.closed)
            watcher.finish()
        }
        return commands
    }

    /// Subscribes to state changes; the current state, if any, comes first.
    func addWatcher(_ watcher: AsyncStream<AMQPConnectionState>.Continuation) {
        let id = state.withLock { state in
            defer { state.nextWatcher += 1 }
            return state.nextWatcher
        }
        watcher.onTermination = { [weak self] _ in self?.removeWatcher(id) }
        let finished: Bool = state.withLock { state in
            if let current = state.connectionState { watcher.yield(current) }
            if case .finished = state.phase { return true }
            state.watchers[id] = watcher
            return false
        }
        if finished { watcher.finish() }
    }

    private func removeWatcher(_ id: UInt64) {
        _ = state.withLock { state in state.watchers.removeValue(forKey: id) }
    }

    private func signal() {
        var one: UInt64 = 1
        _ = write(wakeUpFD, &one, MemoryLayout<UInt64>.size)
    }
}
