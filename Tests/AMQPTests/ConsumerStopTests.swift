import AMQP
import NIOCore
import Testing

/// A graceful stop: no new deliveries, but what was delivered can still be acknowledged.
@Suite("Consumer stop")
struct ConsumerStopTests {
    let fixture = BrokerFixture()

    @Test("after stopDeliveries the sequence ends, deliveries already received are acknowledged, nothing returns")
    func stopThenAcknowledge() async throws {
        let queue = fixture.name("stop")
        try await fixture.withConnection("stop") { connection in
            try await connection.declare(AMQPTopology(queues: [.init(name: queue)]))
            let publisher = connection.makePublisher()
            for index in 1...2 {
                try await publisher.publish(
                    exchange: "", routingKey: queue, body: ByteBuffer(text: "m\(index)"), properties: AMQPProperties())
            }
            let consumer = connection.consume(queue: queue, prefetch: 1)
            var iterator = consumer.makeAsyncIterator()
            let first = try #require(await iterator.next())
            await consumer.stopDeliveries()
            // Prefetch 1: the second message was never sent to this consumer, so the sequence ends.
            #expect(await iterator.next() == nil)
            consumer.ack(first)
            await consumer.cancel()
            // Had the channel closed before the ack, m1 would be back in the queue beside m2.
            #expect(try await BrokerFixture.waitForMessageCount(1, in: queue, on: connection) == 1)
            let remaining = try #require(try await connection.basicGet(queue: queue))
            #expect(String(buffer: remaining.body) == "m2")
            remaining.ack()
            _ = try await connection.deleteQueue(queue)
        }
    }

    @Test("a delivery left unacknowledged after stopDeliveries returns to the queue when the consumer is cancelled")
    func stopThenCancel() async throws {
        let queue = fixture.name("stop-cancel")
        try await fixture.withConnection("stop-cancel") { connection in
            try await connection.declare(AMQPTopology(queues: [.init(name: queue)]))
            try await connection.makePublisher().publish(
                exchange: "", routingKey: queue, body: ByteBuffer(text: "kept"), properties: AMQPProperties())
            let consumer = connection.consume(queue: queue, prefetch: 4)
            var iterator = consumer.makeAsyncIterator()
            _ = try #require(await iterator.next())
            await consumer.stopDeliveries()
            #expect(try await connection.queueInfo(queue)?.messages == 0, "unacknowledged, held by the open channel")
            await consumer.cancel()
            #expect(try await BrokerFixture.waitForMessageCount(1, in: queue, on: connection) == 1)
            _ = try await connection.deleteQueue(queue)
        }
    }

    @Test(
        "release hands a single-active-consumer queue over in order: the next consumer gets the held delivery first",
        arguments: ["classic", "quorum"])
    func releaseKeepsTheOrderOfASingleActiveConsumerQueue(queueType: String) async throws {
        let queue = fixture.name("release-\(queueType)")
        try await fixture.withConnection("release") { connection in
            try await connection.declare(
                AMQPTopology(
                    queues: [
                        .init(name: queue, arguments: ["x-single-active-consumer": .bool(true), "x-queue-type": .string(queueType)])
                    ]))
            let publisher = connection.makePublisher()
            for index in 1...20 {
                try await publisher.publish(
                    exchange: "", routingKey: queue, body: ByteBuffer(text: "m\(index)"), properties: AMQPProperties())
            }
            let active = connection.consume(queue: queue, prefetch: 1)
            var activeIterator = active.makeAsyncIterator()
            let held = try #require(await activeIterator.next())
            #expect(String(buffer: held.body) == "m1")
            let next = connection.consume(queue: queue, prefetch: 1)
            await active.release()
            var nextIterator = next.makeAsyncIterator()
            let first = try #require(await nextIterator.next())
            #expect(String(buffer: first.body) == "m1", "the message held by the released consumer was overtaken")
            first.ack()
            await next.cancel()
            _ = try await connection.deleteQueue(queue)
        }
    }
}
