import AMQP
import Foundation
import NIOCore
import Testing

/// Against the real broker; every test names its exchanges and queues with a random suffix and
/// deletes them at the end.
@Suite("AMQP against the broker", .serialized)
struct BrokerIntegrationTests {
    let fixture = BrokerFixture()

    @Test func confirmedPublishesReachQuorumAndClassicQueues() async throws {
        let exchange = fixture.name("fanin")
        let quorum = fixture.name("quorum")
        let classic = fixture.name("classic")
        try await fixture.withConnection("publish") { connection in
            try await connection.declare(AMQPTopology(
                exchanges: [.init(name: exchange, type: "topic")],
                queues: [
                    .init(name: quorum, arguments: ["x-queue-type": .string("quorum")]),
                    .init(name: classic, arguments: ["x-queue-type": .string("classic"), "x-max-length": .int(100_000)]),
                ],
                bindings: [
                    .init(queue: quorum, exchange: exchange, routingKey: "event.#"),
                    .init(queue: classic, exchange: exchange, routingKey: "event.*.created"),
                ]
            ))
            let publisher = connection.makePublisher(maxOutstandingConfirms: 64)
            let body = ByteBuffer(repeating: UInt8(ascii: "x"), count: 1024)
            let count = 2_000
            let started = ContinuousClock.now
            let failures = await withTaskGroup(of: AMQPError?.self) { group in
                for index in 0..<count {
                    group.addTask {
                        do throws(AMQPError) {
                            try await publisher.publish(
                                exchange: exchange, routingKey: "event.order.created", body: body,
                                properties: AMQPProperties(
                                    contentType: "application/octet-stream", headers: ["index": .int(Int64(index))],
                                    persistent: true
                                )
                            )
                            return nil
                        } catch {
                            return error
                        }
                    }
                }
                return await group.reduce(into: [AMQPError]()) { if let error = $1 { $0.append(error) } }
            }
            let elapsed = started.duration(to: .now)
            print("published \(count) confirmed persistent 1 KiB messages to 2 queues in \(elapsed)")
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(try await BrokerFixture.waitForMessageCount(UInt32(count), in: quorum, on: connection) == UInt32(count))
            #expect(try await BrokerFixture.waitForMessageCount(UInt32(count), in: classic, on: connection) == UInt32(count))
            #expect(try await connection.deleteQueue(quorum) == UInt32(count))
            #expect(try await connection.deleteQueue(classic) == UInt32(count))
            try await connection.deleteExchange(exchange)
            #expect(try await connection.queueInfo(quorum) == nil)
        }
    }

    @Test func mandatoryUnroutablePublishThrowsReturned() async throws {
        let exchange = fixture.name("unrouted")
        try await fixture.withConnection("mandatory") { connection in
            try await connection.declare(AMQPTopology(exchanges: [.init(name: exchange, type: "direct", durable: false)]))
            let publisher = connection.makePublisher()
            await #expect {
                try await publisher.publish(
                    exchange: exchange, routingKey: "nobody", body: ByteBuffer(text: "lost"), properties: AMQPProperties(),
                    mandatory: true
                )
            } throws: { error in
                (error as? AMQPError)?.code == .returned && (error as? AMQPError)?.replyCode == 312
            }
            // Without mandatory the broker drops it and confirms.
            try await publisher.publish(
                exchange: exchange, routingKey: "nobody", body: ByteBuffer(text: "dropped"), properties: AMQPProperties()
            )
            try await connection.deleteExchange(exchange)
        }
    }

    @Test func publishToMissingExchangeFailsAndThePublisherRecovers() async throws {
        let queue = fixture.name("recover")
        try await fixture.withConnection("missing-exchange") { connection in
            try await connection.declare(AMQPTopology(queues: [.init(name: queue, durable: false)]))
            let publisher = connection.makePublisher()
            await #expect {
                try await publisher.publish(
                    exchange: fixture.name("missing"), routingKey: "x", body: ByteBuffer(text: "lost"),
                    properties: AMQPProperties()
                )
            } throws: { error in
                (error as? AMQPError)?.code == .channelClosed && (error as? AMQPError)?.replyCode == 404
            }
            try await publisher.publish(exchange: "", routingKey: queue, body: ByteBuffer(text: "ok"), properties: AMQPProperties())
            #expect(try await BrokerFixture.waitForMessageCount(1, in: queue, on: connection) == 1)
            _ = try await connection.deleteQueue(queue)
        }
    }

    @Test func consumerAcksNacksAndSeesRedeliveries() async throws {
        let queue = fixture.name("consume")
        try await fixture.withConnection("consume") { connection in
            try await connection.declare(AMQPTopology(queues: [.init(name: queue)]))
            let publisher = connection.makePublisher()
            for index in 1...3 {
                try await publisher.publish(
                    exchange: "", routingKey: queue, body: ByteBuffer(text: "m\(index)"),
                    properties: AMQPProperties(contentType: "text/plain", headers: ["n": .int(Int64(index))], messageId: "id-\(index)")
                )
            }
            let consumer = connection.consume(queue: queue, prefetch: 10)
            var iterator = consumer.makeAsyncIterator()
            var first = try #require(await iterator.next())
            #expect(String(buffer: first.body) == "m1")
            #expect(first.properties.contentType == "text/plain")
            #expect(first.properties.headers["n"] == .int(1))
            #expect(first.properties.messageId == "id-1")
            #expect(first.routingKey == queue)
            #expect(!first.redelivered)
            consumer.nack(first, requeue: true)
            var seen: [String] = []
            var redelivered: [String] = []
            var last = first
            while seen.count < 3 {
                let delivery = try #require(await iterator.next())
                last = delivery
                let text = String(buffer: delivery.body)
                seen.append(text)
                if delivery.redelivered { redelivered.append(text) }
                if text == "m1" { first = delivery }
            }
            #expect(Set(seen) == ["m1", "m2", "m3"])
            #expect(redelivered == ["m1"])
            consumer.ack(last, multiple: true)
            #expect(try await BrokerFixture.waitForMessageCount(0, in: queue, on: connection) == 0)
            await consumer.cancel()
            #expect(await iterator.next() == nil)
            _ = try await connection.deleteQueue(queue)
        }
    }

    @Test func basicGetFetchesOneMessage() async throws {
        let queue = fixture.name("get")
        try await fixture.withConnection("get") { connection in
            try await connection.declare(AMQPTopology(queues: [.init(name: queue, durable: false)]))
            #expect(try await connection.basicGet(queue: queue) == nil)
            let publisher = connection.makePublisher()
            try await publisher.publish(exchange: "", routingKey: queue, body: ByteBuffer(text: "dead letter"), properties: AMQPProperties())
            try await publisher.publish(exchange: "", routingKey: queue, body: ByteBuffer(), properties: AMQPProperties())
            let delivery = try #require(try await connection.basicGet(queue: queue))
            #expect(String(buffer: delivery.body) == "dead letter")
            delivery.nack(requeue: true)
            let again = try #require(try await connection.basicGet(queue: queue))
            #expect(again.redelivered)
            again.ack()
            let empty = try #require(try await connection.basicGet(queue: queue))
            #expect(empty.body.readableBytes == 0)
            empty.ack()
            #expect(try await connection.basicGet(queue: queue) == nil)
            _ = try await connection.deleteQueue(queue)
        }
    }

    @Test func reconnectRestoresTopologyConsumersAndPublishing() async throws {
        let exchange = fixture.name("survive")
        let consumed = fixture.name("survive.consumed")
        let deleted = fixture.name("survive.deleted")
        try await fixture.withConnection("reconnect", reconnectInitialDelay: .seconds(1)) { connection in
            try await connection.declare(AMQPTopology(
                exchanges: [.init(name: exchange, type: "direct")],
                queues: [.init(name: consumed), .init(name: deleted)],
                bindings: [.init(queue: consumed, exchange: exchange, routingKey: "k"), .init(queue: deleted, exchange: exchange, routingKey: "k")]
            ))
            let publisher = connection.makePublisher()
            let consumer = connection.consume(queue: consumed, prefetch: 5)
            var iterator = consumer.makeAsyncIterator()
            try await publisher.publish(exchange: exchange, routingKey: "k", body: ByteBuffer(text: "before"), properties: AMQPProperties())
            let before = try #require(await iterator.next())
            #expect(String(buffer: before.body) == "before")

            // Out of band: another connection deletes a queue the first one declared.
            try await fixture.withConnection("out-of-band") { other in
                _ = try await other.deleteQueue(deleted)
            }
            let states = connection.connectionStates()
            try fixture.closeFromBroker("reconnect")
            var stateIterator = states.makeAsyncIterator()
            while let state = await stateIterator.next() {
                if case .disconnected = state { break }
            }
            #expect(!connection.isConnected)
            // The acknowledgement belongs to the dead channel: dropped, the broker redelivers.
            before.ack()
            await #expect {
                try await publisher.publish(exchange: exchange, routingKey: "k", body: ByteBuffer(text: "x"), properties: AMQPProperties())
            } throws: { error in
                (error as? AMQPError)?.code == .notConnected
            }

            while let state = await stateIterator.next(), state != .connected {}
            #expect(connection.isConnected)
            #expect(try await connection.queueInfo(deleted) != nil)
            try await publisher.publish(exchange: exchange, routingKey: "k", body: ByteBuffer(text: "after"), properties: AMQPProperties())
            var received: [String] = []
            while received.count < 2 {
                let delivery = try #require(await iterator.next())
                received.append(String(buffer: delivery.body))
                consumer.ack(delivery)
            }
            #expect(Set(received) == ["before", "after"])
            // Redeclared with its binding: it got "after" only ("before" went with the deletion).
            #expect(try await BrokerFixture.waitForMessageCount(1, in: deleted, on: connection) == 1)
            await consumer.cancel()
            _ = try await connection.deleteQueue(consumed)
            _ = try await connection.deleteQueue(deleted)
            try await connection.deleteExchange(exchange)
        }
    }

    @Test func connectionLossFailsPublishesInFlightWithoutHanging() async throws {
        let queue = fixture.name("loss")
        try await fixture.withConnection("loss") { connection in
            try await connection.declare(AMQPTopology(queues: [.init(name: queue, durable: false)]))
            let publisher = connection.makePublisher(maxOutstandingConfirms: 32)
            let body = ByteBuffer(repeating: 0, count: 4096)
            // Batches of concurrent publishes until the connection loss hits one of them.
            let publishing = Task {
                var failures: [AMQPError.Code: Int] = [:]
                for _ in 0..<200 where failures.isEmpty {
                    failures = await withTaskGroup(of: AMQPError.Code?.self) { group in
                        for _ in 0..<1_000 {
                            group.addTask {
                                do throws(AMQPError) {
                                    try await publisher.publish(exchange: "", routingKey: queue, body: body, properties: AMQPProperties())
                                    return nil
                                } catch {
                                    return error.code
                                }
                            }
                        }
                        return await group.reduce(into: [AMQPError.Code: Int]()) { counts, code in
                            if let code { counts[code, default: 0] += 1 }
                        }
                    }
                }
                return failures
            }
            try fixture.closeFromBroker("loss")
            let failures = await publishing.value
            print("publishes failed by the connection loss: \(failures)")
            #expect(Set(failures.keys).isSubset(of: [.connectionLost, .notConnected]))
            await BrokerFixture.waitFor(.connected, on: connection)
            _ = try await connection.deleteQueue(queue)
        }
    }
}
