/// The RabbitMQ broker that carries every event.
public struct BrokerSettings: Sendable, Hashable {
    /// The type of the contract queues.
    public enum QueueType: String, Sendable, Hashable, CaseIterable {
        /// Replicated, durable queues: the default.
        case quorum
        /// Classic queues, for a single-node broker that has to be light.
        case classic
    }

    /// `amqp://user:password@host:port/vhost`, or `amqps://` for TLS.
    public var url: String
    public var queueType: QueueType
    /// How many unacknowledged deliveries a contract consumer may hold.
    public var prefetch: UInt16
    /// The AMQP heartbeat, in whole seconds.
    public var heartbeat: Duration

    public init(
        url: String = "amqp://guest:guest@127.0.0.1:5672/%2f", queueType: QueueType = .quorum,
        prefetch: UInt16 = 64, heartbeat: Duration = .seconds(30)
    ) {
        self.url = url
        self.queueType = queueType
        self.prefetch = prefetch
        self.heartbeat = heartbeat
    }
}
