import AMQP
import Foundation
import NIOCore
import Testing

/// librabbitmq decodes every frame it reads into its channel's memory pool, which only shrinks when
/// the client recycles it: frames must not accumulate there while a consumer streams.
@Suite("Frame memory", .serialized)
struct FrameMemoryTests {
    let fixture = BrokerFixture()

    /// The resident memory of this process, from `/proc/self/statm`.
    static func residentBytes() throws -> Int {
        let statm = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8)
        let pages = try #require(statm.split(separator: " ").dropFirst().first.flatMap { Int($0) })
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test("consuming 96 MiB of messages leaves the resident memory within 32 MiB of where it was")
    func consumingDoesNotAccumulateFrames() async throws {
        let queue = fixture.name("frame-memory")
        let count = 12_000
        try await fixture.withConnection("frame-memory") { connection in
            try await connection.declare(AMQPTopology(queues: [.init(name: queue, durable: false)]))
            let publisher = connection.makePublisher(maxOutstandingConfirms: 64)
            let body = ByteBuffer(repeating: UInt8(ascii: "x"), count: 8 * 1024)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    if index >= 64 { try await group.next() }
                    group.addTask {
                        try await publisher.publish(exchange: "", routingKey: queue, body: body, properties: AMQPProperties())
                    }
                }
                try await group.waitForAll()
            }
            let before = try Self.residentBytes()
            let consumer = connection.consume(queue: queue, prefetch: 256)
            var received = 0
            for await delivery in consumer {
                consumer.ack(delivery)
                received += 1
                if received == count { break }
            }
            await consumer.cancel()
            let grown = try Self.residentBytes() - before
            #expect(received == count)
            #expect(grown < 32 << 20, "resident memory grew by \(grown >> 20) MiB while consuming \(count * 8 >> 10) MiB")
            _ = try await connection.deleteQueue(queue)
        }
    }
}
