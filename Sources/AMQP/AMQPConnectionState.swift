/// The life cycle of an ``AMQPConnection`` as reported by ``AMQPConnection/connectionStates()``.
public enum AMQPConnectionState: Sendable, Hashable {
    /// Opening the socket and logging in.
    case connecting
    /// Logged in, topology redeclared, publishers and consumers restored.
    case connected
    /// The connection failed or dropped; a reconnect follows after a backoff.
    case disconnected(reason: String)
    /// ``AMQPConnection/run()`` has returned; nothing reconnects any more.
    case closed
}
