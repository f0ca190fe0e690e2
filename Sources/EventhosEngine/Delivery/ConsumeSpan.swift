import AMQP
import Tracing

/// The `consume` span: a consumer span around the handling of one delivery of a contract's queue,
/// the child of the `publish` span whose context the message carries in its headers.
enum ConsumeSpan {
    static let name = "consume"

    static func run(_ delivery: AMQPDelivery, contract: String, _ body: () async -> Void) async {
        await withSpan(name, context: delivery.properties.headers.tracingContext, ofKind: .consumer) { span in
            if span.isRecording {
                span.updateAttributes { attributes in
                    attributes.setProcessing(delivery)
                    attributes[SpanAttributeName.messagingSubscriptionName] = BrokerNames.contractQueue(contract)
                    attributes[SpanAttributeName.contract] = contract
                    let attempt = delivery.properties.headers[EventMessage.Header.attempt]
                    attributes[SpanAttributeName.attempt] = if case .int(let number) = attempt { number } else { Int64(1) }
                }
            }
            await body()
        }
    }
}
