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
    /// How many event loop threads serve HTTP (ingest, the actions' client, the admin API) and run
    /// every task of `eventhos serve`; nil: one fewer than the process's cores, at least one, so that
    /// the broker connections' threads and the audit writer have a core of their own.
    public var eventLoops: Int?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 1_048_576,
        shutdownGrace: Duration = .seconds(10), publishTimeout: Duration = .seconds(5), chainHopLimit: Int = 8,
        eventLoops: Int? = nil
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.shutdownGrace = shutdownGrace
        self.publishTimeout = publishTimeout
        self.chainHopLimit = chainHopLimit
        self.eventLoops = eventLoops
    }

    /// The number of event loops for a process that may use `cores` cores: ``eventLoops`` when it is
    /// set, else one fewer than `cores`, at least one.
    public func eventLoopCount(cores: Int) -> Int {
        eventLoops ?? max(1, cores - 1)
    }
}
