import AMQP
import Logging
import ServiceLifecycle

/// Looks into the broker as an operator would, with the project's own AMQP client.
enum BrokerProbe {
    /// Takes one message from `queue` (acknowledged), or nil when it stays empty for a few seconds.
    static func get(queue: String) async throws -> AMQPDelivery? {
        let connection = AMQPConnection(
            configuration: try AMQPConfiguration(urls: [TestBridge.brokerURL], connectionName: "eventhos test probe"),
            logger: Logger(label: "probe"))
        return try await withRunningServices([connection]) {
            try await eventually(timeout: .seconds(5)) { try await connection.basicGet(queue: queue) }
        }
    }
}
