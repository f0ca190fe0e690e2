import AMQP
import Testing

/// `queueInfo` reads a queue's counts with a passive queue.declare on a channel kept for probes:
/// librabbitmq keeps a page of memory for every channel number it has seen, so a channel per probe
/// made memory grow with every probe.
@Suite("Queue probes", .serialized)
struct QueueProbeTests {
    let fixture = BrokerFixture()

    @Test("probes share one channel; a probe of a missing queue answers nil and the next one opens another")
    func probesShareOneChannel() async throws {
        let queue = fixture.name("probed")
        try await fixture.withConnection("probes") { connection in
            try await connection.declare(AMQPTopology(queues: [.init(name: queue, durable: false)]))
            #expect(try await connection.queueInfo(queue)?.messages == 0)
            let afterOne = try fixture.openChannels("probes")
            for _ in 0..<20 { _ = try await connection.queueInfo(queue) }
            #expect(try fixture.openChannels("probes") == afterOne)
            #expect(afterOne.count == 2, "the control channel and the probe channel: \(afterOne)")

            #expect(try await connection.queueInfo(fixture.name("missing")) == nil)
            #expect(try await connection.queueInfo(queue)?.consumers == 0)
            #expect(try fixture.openChannels("probes").count == 2)
            _ = try await connection.deleteQueue(queue)
        }
    }
}
