import AMQP
import HTTPTypes
import Hummingbird
import Tracing

/// The `ingest` span: a server span around `POST /event/send`, a consumer span around the admission
/// of a message of the AMQP intake. Each continues the producer's trace when it sent one.
enum IngressSpan {
    static let name = "ingest"

    /// Answers a webhook with `body` in a server span.
    ///
    /// A refusal (4xx) is recorded by its status and `error.type` (the error code); only a 5xx marks
    /// the span as failed, as OpenTelemetry asks of server spans.
    static func webhook(
        _ request: Request, event: String, _ body: () async throws -> Response
    ) async throws -> Response {
        var context = ServiceContext.topLevel
        InstrumentationSystem.instrument.extract(request.headers, into: &context, using: HTTPFieldsExtractor())
        let answer: Result<Response, any Error> = await withSpan(name, context: context, ofKind: .server) { span in
            do {
                let response = try await body()
                if span.isRecording {
                    record(request, event: event, status: response.status, on: span)
                }
                return .success(response)
            } catch {
                if span.isRecording {
                    let status = (error as? APIError)?.status ?? .internalServerError
                    record(request, event: event, status: status, on: span)
                    span.attributes[SpanAttributeName.errorType] = (error as? APIError)?.code ?? "\(type(of: error))"
                    if status.code >= 500 {
                        span.recordError(error)
                        span.setStatus(SpanStatus(code: .error))
                    }
                }
                return .failure(error)
            }
        }
        return try answer.get()
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

    private static func record(_ request: Request, event: String, status: HTTPResponse.Status, on span: any Span) {
        span.updateAttributes { attributes in
            attributes[SpanAttributeName.httpRequestMethod] = request.method.rawValue
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
