import AMQP
import ArgumentParser
import NIOCore
import Synchronization

/// `reference`: the full-cycle reference. The project's own AMQP client doing all the broker work
/// of a bridge and nothing else: publishing persistent messages with pipelined confirms to a topic
/// exchange bound to two queues, and consuming and acknowledging both queues, at once, over two
/// connections (one publishes, one consumes, as eventhos serve's). No HTTP, no store: the most a
/// bridge built on this broker can do on this machine.
///
/// It publishes for `--seconds`, as fast as the broker confirms (`--rate 0`) or at a fixed rate,
/// each message on its own schedule (open loop), then waits until every queue has consumed every
/// published message. It prints a line of `name=value` figures and a line of its own resource use
/// over that window (from the first publish until drained).
struct ReferenceBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Publish with confirms to a topic exchange and consume and acknowledge its bound queues, at once.")

    @OptionGroup var broker: BrokerOptions
    @OptionGroup var load: LoadOptions

    @Option(help: "Messages per second, each published on its own schedule; 0: as fast as the broker confirms.")
    var rate = 0

    @Option(help: "Publishes awaiting their confirm at once (eventhos's ingest publisher: 64).")
    var confirms = 64

    /// The queues bound to the exchange (the reference consumes and acknowledges each).
    @OptionGroup var queues: QueueOptions

    @Option(
        help: """
            basic.qos of the first queue's consumer (as a contract's queue in eventhos, broker.prefetch); \
            the other queues' consumers take max(prefetch, 256), as eventhos's audit queue.
            """)
    var prefetch: UInt16 = 64

    @Option(help: "Longest wait, in seconds, after the last publish for every queue to consume every message.")
    var drainTimeout = 60.0

    func validate() throws {
        guard rate >= 0 else { throw ValidationError("--rate must not be negative") }
        guard confirms >= 1 else { throw ValidationError("--confirms must be at least 1") }
    }

    func run() async throws {
        let tag = "bench.reference.\(UInt32.random(in: 0...UInt32.max))"
        let topology = queues.topology(tag: tag)
        let prefetches = (0..<queues.count).map { $0 == 0 ? prefetch : max(prefetch, 256) }
        let plan = Load(
            exchange: tag, duration: load.duration, rate: rate, confirms: confirms,
            body: JSONBody.make(bytes: load.bodyBytes))
        let drainTimeout = Duration.milliseconds(Int64(drainTimeout * 1000))
        let broker = broker
        let figures = try await broker.withConnection(name: "eventhos-bench reference publish") { publishing in
            try await publishing.declare(topology)
            let figures = try await broker.withConnection(name: "eventhos-bench reference consume") { consuming in
                try await Self.measure(
                    load: plan, publishing: publishing, consuming: consuming,
                    queues: zip(topology.queues.map(\.name), prefetches).map { (name: $0, prefetch: $1) },
                    drainTimeout: drainTimeout)
            }
            for queue in topology.queues { _ = try await publishing.deleteQueue(queue.name) }
            try await publishing.deleteExchange(tag)
            return figures
        }
        let how = rate > 0 ? "at \(rate)/s" : "\(confirms) confirm(s) in flight"
        print(
            "full-cycle reference: \(figures.line)"
                + " (\(load.bodyBytes) B persistent, \(how), \(queues.count) \(queues.queueType) queue(s) consumed and acknowledged,"
                + " prefetch \(prefetches.map { String($0) }.joined(separator: "/")))")
        print("client: \(figures.client.line) (its own CPU and context switches from the first publish until drained)")
    }

    /// What is published: where, for how long, how fast.
    struct Load: Sendable {
        let exchange: String
        let duration: Duration
        /// Messages per second; 0: as fast as the broker confirms.
        let rate: Int
        let confirms: Int
        let body: ByteBuffer

        var properties: AMQPProperties { AMQPProperties(contentType: "application/json", persistent: true) }

        /// Publishes for `duration`; returns how many messages the broker confirmed.
        func publish(with publisher: AMQPPublisher) async throws -> Int {
            let clock = ContinuousClock()
            let start = clock.now
            if rate == 0 {
                // As the raw reference: `confirms` tasks, each publishing and awaiting its confirm in a loop.
                let deadline = start + duration
                return try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<confirms {
                        group.addTask {
                            var sent = 0
                            while clock.now < deadline {
                                try await publisher.publish(
                                    exchange: exchange, routingKey: QueueOptions.routingKey, body: body, properties: properties)
                                sent += 1
                            }
                            return sent
                        }
                    }
                    return try await group.reduce(0, +)
                }
            }
            // Paced, as the latency phase's sender: each publish on its own schedule, whatever the
            // confirms of the earlier ones.
            let interval = Duration.seconds(1) / rate
            let total = Int(duration.seconds * Double(rate))
            try await withThrowingDiscardingTaskGroup { group in
                for index in 0..<total {
                    let due = start + interval * index
                    if due > clock.now { try await clock.sleep(until: due, tolerance: .microseconds(100)) }
                    group.addTask {
                        try await publisher.publish(
                            exchange: exchange, routingKey: QueueOptions.routingKey, body: body, properties: properties)
                    }
                }
            }
            return total
        }
    }

    /// Messages a consumer acknowledged so far.
    final class Counter: Sendable {
        private let value = Atomic<Int>(0)

        func add() { value.add(1, ordering: .relaxed) }
        var count: Int { value.load(ordering: .relaxed) }
    }

    /// The figures of one run.
    struct Figures: Sendable {
        /// Messages the broker confirmed.
        var published: Int
        /// From the first publish to the last confirm.
        var seconds: Double
        /// Messages every queue had consumed when the last confirm came.
        var consumed: Int
        /// From the first publish until every queue consumed every message; nil when it took longer
        /// than the drain timeout.
        var drainedSeconds: Double?
        var client: ResourceUsage

        var line: String {
            var line = "published=\(published) seconds=\(seconds.formatted(digits: 2))"
            line += " rate=\((Double(published) / seconds).formatted(digits: 0))"
            line += " consumed=\(consumed) consumed_rate=\((Double(consumed) / seconds).formatted(digits: 0))"
            if let drainedSeconds {
                line += " drained_seconds=\(drainedSeconds.formatted(digits: 2))"
                line += " drained_rate=\((Double(published) / drainedSeconds).formatted(digits: 0))"
            } else {
                line += " drained_seconds=- drained_rate=-"
            }
            return line
        }
    }

    /// Starts a consumer on each queue, publishes `load`, then waits until every queue consumed
    /// every confirmed message (or `drainTimeout` passed).
    static func measure(
        load: Load, publishing: AMQPConnection, consuming: AMQPConnection,
        queues: [(name: String, prefetch: UInt16)], drainTimeout: Duration
    ) async throws -> Figures {
        let counters = queues.map { _ in Counter() }
        let consumers = queues.map { consuming.consume(queue: $0.name, prefetch: $0.prefetch) }
        let publisher = publishing.makePublisher(maxOutstandingConfirms: load.confirms)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for (consumer, counter) in zip(consumers, counters) {
                group.addTask {
                    // One plain ack per message, as eventhos's workers: the AMQP module coalesces them.
                    for await delivery in consumer {
                        delivery.ack()
                        counter.add()
                    }
                }
            }
            let clock = ContinuousClock()
            let usage = ResourceUsage.now()
            let started = clock.now
            let published = try await load.publish(with: publisher)
            let confirmed = clock.now
            let consumed = counters.map(\.count).min() ?? 0
            var drained: ContinuousClock.Instant?
            while drained == nil, clock.now - confirmed < drainTimeout {
                if counters.allSatisfy({ $0.count >= published }) {
                    drained = clock.now
                } else {
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            let client = ResourceUsage.now() - usage
            for consumer in consumers { await consumer.cancel() }
            try await group.waitForAll()
            return Figures(
                published: published, seconds: (confirmed - started).seconds, consumed: consumed,
                drainedSeconds: drained.map { ($0 - started).seconds }, client: client)
        }
    }
}
