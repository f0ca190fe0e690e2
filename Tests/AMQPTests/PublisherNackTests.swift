import AMQP
import NIOCore
import Testing

/// A publisher whose publish the broker nacks moves to a fresh channel: RabbitMQ 3.10 was seen to
/// nack every later publish on a channel opened while a quorum queue had no leader.
@Suite("Publisher nacks")
struct PublisherNackTests {
    let fixture = BrokerFixture()

    @Test("after a nack the publisher continues on a new channel, and its next publishes are confirmed")
    func nackReplacesTheChannel() async throws {
        let queue = fixture.name("full")
        try await fixture.withConnection("nacks") { connection in
            try await connection.declare(AMQPTopology(queues: [
                .init(name: queue, durable: false, arguments: ["x-max-length": .int(1), "x-overflow": .string("reject-publish")])
            ]))
            let publisher = connection.makePublisher()
            let publish = { (text: String) async throws(AMQPError) in
                try await publisher.publish(exchange: "", routingKey: queue, body: ByteBuffer(text: text), properties: AMQPProperties())
            }
            try await publish("fits")
            _ = try await connection.basicGet(queue: queue).map { $0.ack() }  // opens the get channel
            try await publish("fits")
            let before = try fixture.openChannels("nacks")
            await #expect(throws: AMQPError.self) { try await publish("over the limit") }
            _ = try await connection.basicGet(queue: queue).map { $0.ack() }
            try await publish("fits again")
            let after = try fixture.openChannels("nacks")
            #expect(after.count == before.count, "one channel replaced, none added: \(before) → \(after)")
            #expect(after != before, "the publisher's channel was replaced: \(before) → \(after)")
            _ = try await connection.deleteQueue(queue)
        }
    }
}
