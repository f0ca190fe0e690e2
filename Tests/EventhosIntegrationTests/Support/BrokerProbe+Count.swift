import AMQP
import Logging

extension BrokerProbe {
    /// The number of messages ready in `queue`; `nil` when the queue does not exist.
    static func messageCount(queue: String) async throws -> UInt32? {
        let connection = AMQPConnection(
            configuration: try AMQPConfiguration(urls: [TestBridge.brokerURL], connectionName: "eventhos test probe"),
            logger: Logger(label: "probe"))
        return try await withRunningServices([connection]) {
            try await connection.queueInfo(queue)?.messages
        }
    }
}
