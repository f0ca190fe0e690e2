import AMQP
import HTTPTypes
import HummingbirdCore
import Tracing

/// The `ingest` span: a server span around `POST /event/send`, a consumer span around the admission
/// of a message of the AMQP intake. Each continues the producer's trace when it sent one.
enum IngressSpan {
    static let name = "ingest"

    /// Answers a webhook with `body` in a server span; an error becomes its JSON answer.
    ///
    /// A refusal (4xx) is recorded by its status and `error.type` (the error code); only a 5xx marks
    /// the span as failed, as OpenTelemetry asks of server spans.
    static func webhook(
        _ request: WebhookRequest, event: String, _ body: () async throws(APIError) -> WebhookAnswer
    ) async -> WebhookAnswer {
        var context = ServiceContext.topLevel
        InstrumentationSystem.instrument.extract(request.headers, into: &context, using: HTTPFieldsExtractor())
        return await withSpan(name, context: context, ofKind: .server) { span in
            do throws(APIError) {
                let answer = try await body()
                if span.isRecording {
                    record(request, event: event, status: answer.status, on: span)
                }
                return answer
            } catch {
                if span.isRecording {
                    record(request, event: event, status: error.status, on: span)
                    span.attributes[SpanAttributeName.errorType] = error.code
                    if error.status.code >= 500 {
                        span.recordError(error)
                        span.setStatus(SpanStatus(code: .error))
                    }
                }
                return WebhookAnswer(error)
            }
        }
    }

    /// Admits a message of the AMQP intake with `body` in a consumer span.
    static func intake(_ delivery: AMQPDelivery, _ body: () async -> Void) async {
        await withSpan(name, context: delivery.properties.headers.tracingContext, ofKind: .consumer) { span in
            if span.isRecording {
                span.updateAttributes { $0.setProcessing(delivery) }
            }
            await body()
        }
    }

    private static func record(_ request: WebhookRequest, event: String, status: HTTPResponse.Status, on span: any Span) {
        span.updateAttributes { attributes in
            attributes[SpanAttributeName.httpRequestMethod] = request.head.method.rawValue
            attributes[SpanAttributeName.httpRoute] = "/event/send"
            attributes[SpanAttributeName.urlPath] = request.uri.path
            attributes[SpanAttributeName.urlScheme] = "http"  // the server listens without TLS
            attributes[SpanAttributeName.httpResponseStatusCode] = Int(status.code)
            if !event.isEmpty {
                attributes[SpanAttributeName.event] = event
            }
        }
    }
}
