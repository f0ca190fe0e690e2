import AMQP
import ArgumentParser
import NIOCore

/// `publish`: the raw reference. The project's own AMQP client publishing persistent messages with
/// pipelined confirms to a topic exchange with bound queues, as fast as the broker confirms them.
struct PublishBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish", abstract: "Publish confirmed persistent messages as fast as the broker takes them.")

    @OptionGroup var broker: BrokerOptions
    @OptionGroup var load: LoadOptions

    @Option(help: "Publishes awaiting their confirm at once.")
    var confirms = 64

    /// The queues bound to the exchange.
    @OptionGroup var queues: QueueOptions

    func run() async throws {
        let tag = "bench.\(UInt32.random(in: 0...UInt32.max))"
        let topology = queues.topology(tag: tag)
        let (duration, confirms, body) = (load.duration, confirms, JSONBody.make(bytes: load.bodyBytes))
        let (count, elapsed) = try await broker.withConnection(name: "eventhos-bench publish") { connection in
            try await connection.declare(topology)
            let publisher = connection.makePublisher(maxOutstandingConfirms: confirms)
            let clock = ContinuousClock()
            let started = clock.now
            let deadline = started + duration
            let count = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<confirms {
                    group.addTask {
                        var sent = 0
                        while clock.now < deadline {
                            try await publisher.publish(
                                exchange: tag, routingKey: QueueOptions.routingKey, body: body,
                                properties: AMQPProperties(contentType: "application/json", persistent: true))
                            sent += 1
                        }
                        return sent
                    }
                }
                return try await group.reduce(0, +)
            }
            let elapsed = clock.now - started
            for queue in topology.queues { _ = try await connection.deleteQueue(queue.name) }
            try await connection.deleteExchange(tag)
            return (count, elapsed)
        }
        let rate = Double(count) / elapsed.seconds
        print("raw publish: \(count) messages in \(elapsed.seconds.formatted(digits: 1)) s = \(Int(rate)) msg/s"
            + " (\(load.bodyBytes) B persistent, \(confirms) confirm(s) in flight, \(queues.count) \(queues.queueType) queue(s))")
    }
}
