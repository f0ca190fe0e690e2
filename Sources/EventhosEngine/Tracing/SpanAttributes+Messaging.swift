import AMQP
import Tracing

extension SpanAttributes {
    /// The broker, the exchange and the routing key of a message, and its id.
    mutating func setMessage(exchange: String, routingKey: String, messageID: String?) {
        self[SpanAttributeName.messagingSystem] = "rabbitmq"
        self[SpanAttributeName.messagingDestinationName] = exchange
        self[SpanAttributeName.messagingRoutingKey] = routingKey
        if let messageID {
            self[SpanAttributeName.messagingMessageID] = messageID
        }
    }

    /// What a consumer span processes: `delivery`.
    mutating func setProcessing(_ delivery: AMQPDelivery) {
        setMessage(exchange: delivery.exchange, routingKey: delivery.routingKey, messageID: delivery.properties.messageId)
        self[SpanAttributeName.messagingOperationType] = "process"
    }
}
