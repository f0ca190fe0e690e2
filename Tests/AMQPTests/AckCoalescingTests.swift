import AMQP
import NIOCore
import Testing

/// Plain acks taken by the owner thread in one round are sent as one multiple ack when they settle
/// the oldest deliveries; a delivery still held is never acknowledged with them.
@Suite("Ack coalescing")
struct AckCoalescingTests {
    let fixture = BrokerFixture()

    /// Publishes m1...m`count` to a new queue and takes them all with one consumer.
    func deliveries(
        _ count: Int, queue: String, on connection: AMQPConnection
    ) async throws -> (AMQPConsumer, [AMQPDelivery]) {
        try await connection.declare(AMQPTopology(queues: [.init(name: queue)]))
        let publisher = connection.makePublisher()
        for index in 1...count {
            try await publisher.publish(
                exchange: "", routingKey: queue, body: ByteBuffer(text: "m\(index)"), properties: AMQPProperties())
        }
        let consumer = connection.consume(queue: queue, prefetch: UInt16(count))
        var received: [AMQPDelivery] = []
        for await delivery in consumer {
            received.append(delivery)
            if received.count == count { break }
        }
        return (consumer, received)
    }

    @Test("a burst of acks behind a held delivery leaves exactly that delivery unacknowledged")
    func heldDeliveryStaysUnacknowledged() async throws {
        let queue = fixture.name("ack-held")
        try await fixture.withConnection("ack-held") { connection in
            let (consumer, received) = try await deliveries(20, queue: queue, on: connection)
            for delivery in received.dropFirst().reversed() { consumer.ack(delivery) }
            await consumer.cancel()
            #expect(try await BrokerFixture.waitForMessageCount(1, in: queue, on: connection) == 1)
            let returned = try #require(try await connection.basicGet(queue: queue))
            #expect(String(buffer: returned.body) == "m1")
            returned.ack()
            _ = try await connection.deleteQueue(queue)
        }
    }

    @Test("a burst of acks in any order settles every delivery, and later ones still work")
    func burstSettlesEverything() async throws {
        let queue = fixture.name("ack-burst")
        try await fixture.withConnection("ack-burst") { connection in
            let (consumer, received) = try await deliveries(20, queue: queue, on: connection)
            for delivery in received.shuffled() where delivery.deliveryTag != 7 { consumer.ack(delivery) }
            consumer.nack(received[6], requeue: true)
            // m7 comes back on the same channel with a new tag; acking it empties the queue.
            var iterator = consumer.makeAsyncIterator()
            let again = try #require(await iterator.next())
            #expect(String(buffer: again.body) == "m7")
            consumer.ack(again)
            await consumer.cancel()
            #expect(try await connection.queueInfo(queue)?.messages == 0)
            _ = try await connection.deleteQueue(queue)
        }
    }
}
