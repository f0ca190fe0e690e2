/// The life cycle of an ``AMQPConnection`` as reported by ``AMQPConnection/connectionStates()``.
public enum AMQPConnectionState: Sendable, Hashable {
    /// Opening the socket and logging in.
    case connecting
    /// Logged in, topology redeclared, publishers and consumers restored.
    case connected
    /// Connected, but the broker blocks publishing (a resource alarm: memory or disk); publishes
    /// fail at once with ``AMQPError/Code/notConnected`` until ``connected`` follows.
    case blocked(reason: String)
    /// The connection failed or dropped; a reconnect follows after a backoff.
    case disconnected(reason: String)
    /// ``AMQPConnection/run()`` has returned; nothing reconnects any more.
    case closed
}
