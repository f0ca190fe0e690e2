/// The HTTP server: where it listens and what it accepts.
public struct ServerSettings: Sendable, Hashable {
    public var host: String
    /// The TCP port; 0 picks a free one.
    public var port: Int
    /// The largest webhook body accepted; a larger one is answered 413.
    public var maxBodyBytes: Int
    /// How long in-flight work may take to finish after SIGTERM.
    public var shutdownGrace: Duration
    /// How long a webhook waits for the broker's publisher confirm before answering 503.
    public var publishTimeout: Duration
    /// How many `replyTo` replies may follow one another from an event a producer sent; the next is
    /// not published but recorded as rejected.
    public var chainHopLimit: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 1_048_576,
        shutdownGrace: Duration = .seconds(10), publishTimeout: Duration = .seconds(5), chainHopLimit: Int = 8
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.shutdownGrace = shutdownGrace
        self.publishTimeout = publishTimeout
        self.chainHopLimit = chainHopLimit
    }
}
