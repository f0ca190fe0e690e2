import AMQP
import Tracing

extension AMQPPublisher {
    /// Publishes `event` to `eventhos.events` (persistent, mandatory, confirmed) in a `publish`
    /// producer span, whose context the message carries in its headers: the consumers of every
    /// contract continue the trace from there.
    ///
    /// - Parameter fallbackTrace: the message's `traceparent` when the tracer in force writes none
    ///   (tracing off).
    /// - Returns: the event as published, its ``EventMessage/traceparent`` set.
    func publish(event: EventMessage, fallbackTrace: @autoclosure () -> TraceContext?) async throws -> EventMessage {
        try await withSpan("publish", ofKind: .producer) { span in
            if span.isRecording {
                span.updateAttributes { attributes in
                    attributes.setMessage(
                        exchange: BrokerNames.eventsExchange, routingKey: event.eventIdentifier,
                        messageID: event.receivedEventId)
                    attributes[SpanAttributeName.messagingOperationType] = "send"
                    attributes[SpanAttributeName.messagingOperationName] = "publish"
                    attributes[SpanAttributeName.event] = event.eventIdentifier
                }
            }
            var traceHeaders = AMQPTable()
            InstrumentationSystem.instrument.inject(span.context, into: &traceHeaders, using: AMQPHeaderInjector())
            var event = event
            event.traceparent = AMQPHeaderExtractor().extract(key: TraceContext.headerName, from: traceHeaders)
                ?? fallbackTrace()?.traceparent
            var properties = event.properties
            properties.headers.merge(traceHeaders) { _, injected in injected }
            do {
                try await publish(
                    exchange: BrokerNames.eventsExchange, routingKey: event.eventIdentifier, body: event.body,
                    properties: properties, mandatory: true)
            } catch {
                span.setStatus(SpanStatus(code: .error))
                throw error
            }
            return event
        }
    }
}
