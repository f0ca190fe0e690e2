import AMQP
import EventhosCore
import EventhosStore
import Logging

/// `eventhos migrate-queues`: moves a vhost's Eventhos queues to the arguments the configuration
/// declares (a classic vhost to quorum queues on a cluster, another `quorumInitialGroupSize`),
/// without losing a message. RabbitMQ cannot change a queue's type or arguments in place.
///
/// Each queue whose declaration the broker refuses as inequivalent is moved through a holding
/// queue, `eventhos.migration.<queue>`, which takes over its bindings while it is rebuilt:
/// 1. the holding queue is declared and bound as the queue is, then the queue is unbound, so what
///    is routed meanwhile waits in the holding queue;
/// 2. the queue's messages move to the holding queue, in order, each one confirmed before it is
///    removed; the emptied queue is deleted and declared again with the new arguments and bindings
///    (messages wait their full delay again in a delay queue);
/// 3. the holding queue is unbound, its messages move back, and it is deleted.
///
/// At least once: an interruption leaves a message in one queue or in both, never in none, and
/// running the command again finishes the move (a holding queue left over is emptied back).
/// Every Eventhos instance of the vhost must be stopped: a queue with consumers is refused.
public struct QueueMigration: Sendable {
    /// One queue that was moved.
    public struct Move: Sendable, Equatable, CustomStringConvertible {
        public var queue: String
        /// Messages carried over.
        public var messages: Int

        public var description: String { "\(queue): \(messages) message(s) carried over" }
    }

    /// A queue the migration cannot touch.
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    let connection: AMQPConnection
    /// The topology `serve` declares for the configuration.
    let declaration: AMQPTopology

    /// The exchange messages move through, bound to one target queue at a time.
    static let carrier = "eventhos.migration"

    /// The holding queue of `queue` during its move.
    static func holdingQueue(_ queue: String) -> String { "eventhos.migration.\(queue)" }

    /// Applies the configuration's registry to the store (as `apply` does), then moves every queue
    /// of its topology whose arguments differ.
    public static func run(configuration: EventhosConfiguration, logger: Logger) async throws -> [Move] {
        let store = try await EventhosStore.open(configuration: configuration, logger: logger)
        _ = try await store.apply(configuration.registry)
        let snapshot = RegistrySnapshot(registry: try await store.loadRegistry(), defaultRetry: configuration.retry)
        let declaration = BrokerTopology(configuration.broker).declaration(for: snapshot)
        return try await BrokerSession.run(broker: configuration.broker, name: "eventhos migrate-queues", logger: logger) {
            connection in
            try await QueueMigration(connection: connection, declaration: declaration).run()
        }
    }

    /// Moves every queue of ``declaration`` that needs it; exchanges are declared first.
    func run() async throws -> [Move] {
        try await connection.declare(AMQPTopology(exchanges: declaration.exchanges))
        var moves: [Move] = []
        for queue in declaration.queues {
            if let move = try await migrate(queue) { moves.append(move) }
        }
        if !moves.isEmpty { try await connection.deleteExchange(Self.carrier) }
        return moves
    }

    private func migrate(_ queue: AMQPTopology.Queue) async throws -> Move? {
        let holding = AMQPTopology.Queue(name: Self.holdingQueue(queue.name), arguments: Self.typeArguments(of: queue))
        let bindings = declaration.bindings.filter { $0.queue == queue.name }
        let existing = try await connection.queueInfo(queue.name)
        if let existing, existing.consumers > 0 {
            throw Refusal(description: "\(queue.name) has \(existing.consumers) consumer(s): stop every Eventhos instance of the vhost first")
        }
        var inequivalent = false
        if existing != nil { inequivalent = try await isRefused(queue) }
        let leftOver = try await connection.queueInfo(holding.name) != nil
        guard inequivalent || leftOver else { return nil }
        var moved = 0
        if inequivalent {
            try await connection.declare(AMQPTopology(queues: [holding], bindings: bindings.map { rebound($0, to: holding.name) }))
            for binding in bindings {
                try await connection.unbindQueue(queue.name, from: binding.exchange, routingKey: binding.routingKey, arguments: binding.arguments)
            }
            moved = try await empty(queue.name, into: holding.name)
        }
        try await connection.declare(AMQPTopology(queues: [queue], bindings: bindings))
        for binding in bindings {
            try await connection.unbindQueue(holding.name, from: binding.exchange, routingKey: binding.routingKey, arguments: binding.arguments)
        }
        let back = try await empty(holding.name, into: queue.name)
        return Move(queue: queue.name, messages: max(moved, back))
    }

    /// Whether the broker refuses `queue`'s declaration as inequivalent to the queue it has.
    private func isRefused(_ queue: AMQPTopology.Queue) async throws -> Bool {
        do throws(AMQPError) {
            try await connection.declare(AMQPTopology(queues: [queue]))
            return false
        } catch {
            guard error.code == .channelClosed, error.replyCode == 406 else { throw error }
            return true
        }
    }

    /// Moves every message of the unbound `source` to `target`, then deletes `source` once the
    /// broker counts no message in it (quorum queues refuse `queue.delete` with if-empty).
    private func empty(_ source: String, into target: String) async throws -> Int {
        var count = 0
        repeat {
            count += try await move(from: source, to: target)
        } while try await connection.queueInfo(source)?.messages ?? 0 > 0
        _ = try await connection.deleteQueue(source)
        return count
    }

    /// Moves the messages of `source` to `target` in order: each is published (confirmed, and
    /// returned if `target` is missing) before it is removed from `source`. They go through the
    /// fanout exchange ``carrier`` bound to `target` alone, so each keeps its routing key (the
    /// intake reads the event identifier from it).
    private func move(from source: String, to target: String) async throws -> Int {
        let binding = AMQPTopology.Binding(queue: target, exchange: Self.carrier, routingKey: "")
        try await connection.declare(AMQPTopology(exchanges: [.init(name: Self.carrier, type: "fanout")], bindings: [binding]))
        let publisher = connection.makePublisher(maxOutstandingConfirms: 1)
        var count = 0
        while let delivery = try await connection.basicGet(queue: source) {
            try await publisher.publish(
                exchange: Self.carrier, routingKey: delivery.routingKey, body: delivery.body, properties: delivery.properties,
                mandatory: true)
            delivery.ack()
            count += 1
        }
        try await connection.unbindQueue(target, from: Self.carrier, routingKey: "")
        return count
    }

    private func rebound(_ binding: AMQPTopology.Binding, to queue: String) -> AMQPTopology.Binding {
        var binding = binding
        binding.queue = queue
        return binding
    }

    /// A holding queue keeps only the queue's type: no time to live or dead-lettering, which
    /// would send the held messages elsewhere.
    private static func typeArguments(of queue: AMQPTopology.Queue) -> AMQPTable {
        queue.arguments.filter { $0.key == "x-queue-type" || $0.key == "x-quorum-initial-group-size" }
    }
}
