import DequeModule

/// The connections to one origin (scheme, host and port): which are idle, how many are open, and
/// which exchanges wait for one.
///
/// A value type that decides and returns what to do; ``SubscriberHTTPClient`` holds one per origin
/// under its lock and does the I/O the decisions ask for. At most `limit` connections are open or
/// being opened at once; an exchange beyond them waits for the first connection freed.
struct OriginPoolState<Connection: AnyObject, Waiter: Equatable> {
    /// What an exchange that asked for a connection does next.
    enum Lease {
        /// Sends on this idle connection.
        case reuse(Connection)
        /// Opens a new connection: a slot is reserved for it.
        case connect
        /// Waits until ``release(_:reusable:)`` or ``slotFreed()`` hands it a connection or a slot.
        case wait
    }

    /// What becomes of a connection or a slot that an exchange gave back.
    enum Handoff {
        /// The connection goes to this waiting exchange.
        case give(Connection, to: Waiter)
        /// This waiting exchange opens a new connection in the slot freed.
        case connect(for: Waiter)
        /// Nobody waits: the connection is idle, or the slot is free.
        case none
    }

    /// The most connections open or being opened at once.
    let limit: Int
    private var idle: [Connection] = []
    /// Connections open or being opened, the idle ones included.
    private(set) var opened = 0
    private var waiters = Deque<Waiter>()

    init(limit: Int) {
        precondition(limit > 0, "an origin needs at least one connection")
        self.limit = limit
    }

    /// Whether the origin has no connection and nobody waits: its state can be dropped.
    var isUnused: Bool { opened == 0 && waiters.isEmpty }

    /// An exchange asks for a connection; the most recently idle one is reused first.
    mutating func lease(for waiter: Waiter) -> Lease {
        if let connection = idle.popLast() { return .reuse(connection) }
        if opened < limit {
            opened += 1
            return .connect
        }
        waiters.append(waiter)
        return .wait
    }

    /// An exchange is done with its connection: `reusable` when the answer was complete and both
    /// sides keep the connection alive; otherwise the connection is being closed.
    mutating func release(_ connection: Connection, reusable: Bool) -> Handoff {
        guard reusable else { return slotFreed() }
        if let waiter = waiters.popFirst() { return .give(connection, to: waiter) }
        idle.append(connection)
        return .none
    }

    /// A slot is free again: a connection could not be opened, or one in use was closed.
    mutating func slotFreed() -> Handoff {
        if let waiter = waiters.popFirst() { return .connect(for: waiter) }
        opened -= 1
        return .none
    }

    /// A connection closed by itself (the subscriber or the network). Only an idle one frees a slot
    /// here: a connection in use is given back by its exchange.
    mutating func closed(_ connection: Connection) -> Handoff {
        guard let index = idle.firstIndex(where: { $0 === connection }) else { return .none }
        idle.remove(at: index)
        return slotFreed()
    }

    /// A waiting exchange gave up (its deadline passed). `false` when it no longer waited: a
    /// connection or a slot was handed to it meanwhile.
    mutating func abandon(_ waiter: Waiter) -> Bool {
        guard let index = waiters.firstIndex(of: waiter) else { return false }
        waiters.remove(at: index)
        return true
    }

    /// Takes the idle connections, to close them at shutdown; their slots are freed.
    mutating func takeIdle() -> [Connection] {
        defer {
            opened -= idle.count
            idle.removeAll()
        }
        return idle
    }
}

extension OriginPoolState: Sendable where Connection: Sendable, Waiter: Sendable {}
