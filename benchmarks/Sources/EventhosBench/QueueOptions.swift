import AMQP
import ArgumentParser

/// The queues a broker benchmark publishes to: a topic exchange of its own with `count` durable
/// queues bound to it by the bench routing key.
struct QueueOptions: ParsableArguments {
    @Option(name: .customLong("queues"), help: "Queues bound to the exchange with the routing key.")
    var count = 2

    @Option(help: "Queue type: quorum or classic.")
    var queueType = "quorum"

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--queues must be at least 1") }
    }

    /// The routing key every bench message is published with.
    static let routingKey = "bench.event"

    /// The exchange `tag` and its queues `tag.q1`…, bound with ``routingKey``.
    func topology(tag: String) -> AMQPTopology {
        AMQPTopology(
            exchanges: [.init(name: tag, type: "topic", autoDelete: false)],
            queues: (1...count).map { .init(name: "\(tag).q\($0)", arguments: ["x-queue-type": .string(queueType)]) },
            bindings: (1...count).map { .init(queue: "\(tag).q\($0)", exchange: tag, routingKey: Self.routingKey) })
    }
}
