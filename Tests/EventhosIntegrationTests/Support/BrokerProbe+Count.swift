import AMQP
import Logging

extension BrokerProbe {
    /// The number of messages ready in `queue`; `nil` when the queue does not exist.
    static func messageCount(queue: String) async throws -> UInt32? {
        try await queueInfo(queue: queue)?.messages
    }

    /// The number of messages ready in `queue` and of its consumers; `nil` when the queue does not exist.
    static func queueInfo(queue: String) async throws -> (messages: UInt32, consumers: UInt32)? {
        let connection = AMQPConnection(
            configuration: try AMQPConfiguration(urls: [TestBridge.brokerURL], connectionName: "eventhos test probe"),
            logger: Logger(label: "probe"))
        return try await withRunningServices([connection]) {
            try await connection.queueInfo(queue)
        }
    }
}
