import AMQP

/// The RabbitMQ broker that carries every event: one node, or the nodes of one cluster.
public struct BrokerSettings: Sendable, Hashable {
    /// The type of the queues Eventhos declares.
    public enum QueueType: String, Sendable, Hashable, CaseIterable {
        /// Replicated, durable queues: the default.
        case quorum
        /// Classic queues, for a single-node broker that has to be light.
        case classic
    }

    /// `amqp://user:password@host:port/vhost` of each node (`amqps://` for TLS), tried in order.
    public var urls: [String]
    /// The password of `passwordEnv`, which replaces the URLs' password.
    public var password: Secret?
    /// How `amqps://` URLs do TLS.
    public var tls: AMQPTLSConfiguration
    public var queueType: QueueType
    /// `x-quorum-initial-group-size` of every quorum queue declared; `nil`: the broker's default
    /// (every node of the cluster).
    public var quorumInitialGroupSize: Int?
    /// How many unacknowledged deliveries a contract consumer may hold.
    public var prefetch: UInt16
    /// The AMQP heartbeat, in whole seconds.
    public var heartbeat: Duration

    public init(
        url: String = "amqp://guest:guest@127.0.0.1:5672/%2f", queueType: QueueType = .quorum,
        prefetch: UInt16 = 64, heartbeat: Duration = .seconds(30)
    ) {
        self.init(urls: [url], queueType: queueType, prefetch: prefetch, heartbeat: heartbeat)
    }

    public init(
        urls: [String], password: Secret? = nil, tls: AMQPTLSConfiguration = AMQPTLSConfiguration(),
        queueType: QueueType = .quorum, quorumInitialGroupSize: Int? = nil, prefetch: UInt16 = 64,
        heartbeat: Duration = .seconds(30)
    ) {
        self.urls = urls
        self.password = password
        self.tls = tls
        self.queueType = queueType
        self.quorumInitialGroupSize = quorumInitialGroupSize
        self.prefetch = prefetch
        self.heartbeat = heartbeat
    }

    /// The first node's URL.
    public var url: String { urls[0] }

    /// How a connection named `connectionName` reaches the broker: what `serve`, `apply` and every
    /// other command connect with, and what `check` validates, so that they accept the same settings.
    /// - Throws: ``AMQPError/Code/invalidURL`` for URLs that cannot be parsed or differ in user or vhost.
    public func amqpConfiguration(connectionName: String) throws(AMQPError) -> AMQPConfiguration {
        try AMQPConfiguration(
            urls: urls, password: password?.value, tls: tls, connectionName: connectionName, heartbeat: heartbeat)
    }
}
