import EventhosStore
import Foundation
import Tracing

extension ActionCall {
    /// Performs a try in a `try` client span. The request's trace headers carry that span's
    /// context, so a subscriber that traces continues the trace.
    ///
    /// - Parameter trace: the event's trace; when the tracer in force writes no `traceparent`
    ///   (tracing off), the request carries a child of it (or of a new trace).
    /// - Returns: the outcome, and the `traceparent` the request carried.
    func performTraced(_ input: Input, trace: TraceContext?) async -> (outcome: Outcome, traceparent: String) {
        await withSpan("try", ofKind: .client) { span in
            var traceHeaders: [(String, String)] = []
            InstrumentationSystem.instrument.inject(span.context, into: &traceHeaders, using: HeaderListInjector())
            let injected = traceHeaders.first { $0.0 == TraceContext.headerName }?.1
            let traceparent = injected ?? (trace ?? .root()).child().traceparent
            if injected == nil {
                traceHeaders.insert((TraceContext.headerName, traceparent), at: 0)
            }
            var input = input
            input.deliveryHeaders = traceHeaders + input.deliveryHeaders
            let outcome = await perform(input)
            if span.isRecording {
                Self.record(outcome, on: span)
            }
            return (outcome, traceparent)
        }
    }

    private static func record(_ outcome: Outcome, on span: any Span) {
        let result = outcome.result
        span.updateAttributes { attributes in
            attributes[SpanAttributeName.httpRequestMethod] = outcome.request.method
            attributes[SpanAttributeName.urlFull] = Self.spanURL(outcome.request.url)
            if let status = result.status {
                attributes[SpanAttributeName.httpResponseStatusCode] = status
            }
            if let errorType = Self.errorType(of: result) {
                attributes[SpanAttributeName.errorType] = errorType
            }
        }
        if result.status.map({ $0 >= 400 }) ?? true {
            span.setStatus(SpanStatus(code: .error))
        }
    }

    /// What failed (`error.type`): the status (`"503"`); without an answer `timeout`, `connection`, or
    /// `_OTHER` (credentials that could not be had); `nil` for a success.
    static func errorType(of result: ActionExecutor.Result) -> String? {
        guard let status = result.status else { return result.failure?.errorType ?? "_OTHER" }
        return status >= 400 ? String(status) : nil
    }

    /// A URL as a span shows it (`url.full`): without credentials, query or fragment, which may hold secrets.
    static func spanURL(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.host != nil else {
            return String(url.prefix { $0 != "?" && $0 != "#" })
        }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? ""
    }
}
