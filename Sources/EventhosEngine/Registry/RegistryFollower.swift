import AMQP
import Foundation
import Logging
import NIOCore
import ServiceLifecycle

/// Keeps the registry of this instance in line with the store that all instances share.
///
/// A change made on any instance (admin API, console, `eventhos apply`) is announced on the fanout
/// exchange `eventhos.registry`; every instance consumes it through a queue of its own
/// (`eventhos.registry.<instance>.<random>`, exclusive, deleted with its connection) and reloads the
/// registry from the store. A lost announcement (a reconnect in between) is healed by a reconcile:
/// every `reconcileInterval` the registry is read from the store and reloaded when it differs.
package struct RegistryFollower: Service {
    let live: LiveRegistry
    let connection: AMQPConnection
    let instance: String
    let reconcileInterval: Duration
    let logger: Logger

    /// A queue for `instance`: a name RabbitMQ permissions on `eventhos.*` allow, new at each call.
    static func queueName(for instance: String) -> String {
        let safe = instance.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }
        return "\(BrokerNames.registryExchange).\(String(safe)).\(UUID().uuidString.prefix(8).lowercased())"
    }

    package func run() async throws {
        let queue = Self.queueName(for: instance)
        do {
            try await cancelWhenGracefulShutdown {
                try await connection.declare(
                    AMQPTopology(
                        exchanges: [.init(name: BrokerNames.registryExchange, type: "fanout")],
                        queues: [.init(name: queue, durable: false, exclusive: true, autoDelete: true)],
                        bindings: [.init(queue: queue, exchange: BrokerNames.registryExchange, routingKey: "")]))
            }
        } catch where Task.isShuttingDownGracefully {
            return
        }
        let consumer = connection.consume(queue: queue, prefetch: 16)
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await delivery in consumer {
                    consumer.ack(delivery)
                    let from = String(buffer: delivery.body)
                    guard from != instance else { continue }
                    await reload(because: "announced by \(from)")
                }
            }
            group.addTask {
                while (try? await Task.sleep(for: reconcileInterval)) != nil {
                    await reload(because: "reconcile")
                }
            }
            try? await gracefulShutdown()
            await consumer.cancel()
            group.cancelAll()
        }
    }

    private func reload(because reason: String) async {
        do {
            if try await live.reloadIfChanged() {
                logger.info("registry reloaded from the store", metadata: ["reason": "\(reason)"])
            }
        } catch {
            logger.error("registry reload failed", metadata: ["reason": "\(reason)", "error": "\(error)"])
        }
    }
}

/// Tells the other instances that the registry in the store changed.
package struct RegistryAnnouncer: Sendable {
    let publisher: AMQPPublisher
    let instance: String
    let logger: Logger

    /// Publishes this instance's name on `eventhos.registry`; a failure is logged, the reconcile heals it.
    func announce() async {
        do {
            try await publisher.publish(
                exchange: BrokerNames.registryExchange, routingKey: "", body: ByteBuffer(string: instance),
                properties: AMQPProperties(persistent: false))
        } catch {
            logger.warning(
                "registry change not announced; the other instances reload it at their next reconcile",
                metadata: ["error": "\(error)"])
        }
    }
}
