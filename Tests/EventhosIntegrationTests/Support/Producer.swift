import AMQP
import EventhosEngine
import Foundation
import Logging
import NIOCore

/// A producer publishing to `eventhos.ingress` with the project's AMQP client.
enum Producer {
    struct Message: Sendable {
        var routingKey: String
        var body: String
        var messageId = UUID().uuidString.lowercased()
        var headers: AMQPTable = [:]
        var userId: String?
    }

    static var brokerPort: Int {
        (try? AMQPConfiguration(urls: [TestBridge.brokerURL]).port) ?? 5672
    }

    /// Publishes each message (persistent, confirmed), in order.
    static func publish(_ messages: [Message], url: String) async throws {
        let connection = AMQPConnection(
            configuration: try AMQPConfiguration(urls: [url], connectionName: "eventhos test producer"),
            logger: Logger(label: "producer"))
        try await withRunningServices([connection]) {
            _ = try await eventually { connection.isConnected ? true : nil }
            let publisher = connection.makePublisher()
            for message in messages {
                try await publisher.publish(
                    exchange: BrokerNames.ingressExchange, routingKey: message.routingKey, body: ByteBuffer(string: message.body),
                    properties: AMQPProperties(
                        contentType: "application/json", headers: message.headers, persistent: true,
                        messageId: message.messageId, userId: message.userId))
            }
        }
    }
}
