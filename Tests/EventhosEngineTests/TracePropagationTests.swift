import AMQP
import EventhosCore
import Foundation
import HTTPTypes
import InMemoryTracing
import Testing
import Tracing

@testable import EventhosEngine

/// The carriers of a trace context (AMQP headers, HTTP headers) and what a `try` span may show.
@Suite struct TracePropagationTests {
    @Test("a span's context goes into AMQP headers and comes back out")
    func amqpHeadersRoundTrip() {
        let tracer = InMemoryTracer()
        var context = ServiceContext.topLevel
        context.inMemorySpanContext = InMemorySpanContext(traceID: "trace-1", spanID: "span-7", parentSpanID: nil)
        var headers: AMQPTable = ["eventhos-source": .string("webhook")]
        tracer.inject(context, into: &headers, using: AMQPHeaderInjector())
        #expect(headers[InMemoryTracer.traceIDKey] == .string("trace-1"))
        #expect(headers["eventhos-source"] == .string("webhook"))

        var extracted = ServiceContext.topLevel
        tracer.extract(headers, into: &extracted, using: AMQPHeaderExtractor())
        #expect(extracted.inMemorySpanContext == InMemorySpanContext(traceID: "trace-1", spanID: "span-7", parentSpanID: nil))
    }

    @Test("a producer's AMQP header may be bytes; other types are not a context")
    func amqpHeaderTypes() {
        let extractor = AMQPHeaderExtractor()
        let headers: AMQPTable = ["traceparent": .bytes(Array("00-ab-cd-01".utf8)), "count": .int(3)]
        #expect(extractor.extract(key: "traceparent", from: headers) == "00-ab-cd-01")
        #expect(extractor.extract(key: "count", from: headers) == nil)
        #expect(extractor.extract(key: "absent", from: headers) == nil)
    }

    @Test("HTTP request headers are read by name, whatever their case")
    func httpFields() {
        let fields: HTTPFields = [HTTPField.Name("TraceParent")!: "00-x-y-01"]
        #expect(HTTPFieldsExtractor().extract(key: "traceparent", from: fields) == "00-x-y-01")
        #expect(HTTPFieldsExtractor().extract(key: "not a header name", from: fields) == nil)
    }

    @Test(
        "url.full keeps neither credentials nor the query nor the fragment",
        arguments: [
            ("https://api.example.com/v1/accounts/5?api_key=s3cret&tenant=a", "https://api.example.com/v1/accounts/5"),
            ("http://user:pa55@billing:8080/hook#part", "http://billing:8080/hook"),
            ("http://billing/plain", "http://billing/plain"),
            ("not a url?token=s3cret", "not a url"),
        ])
    func spanURL(_ url: String, _ shown: String) {
        #expect(ActionCall.spanURL(url) == shown)
    }

    @Test("error.type is the failing status, or why there was no answer")
    func errorType() {
        let at = Date()
        func result(_ status: Int?, _ failure: TryFailure? = nil) -> ActionExecutor.Result {
            ActionExecutor.Result(
                verdict: .retryable, status: status, headers: [], body: nil, truncated: false, failure: failure, retryAfter: nil,
                startedAt: at, finishedAt: at)
        }
        #expect(ActionCall.errorType(of: result(200)) == nil)
        #expect(ActionCall.errorType(of: result(302)) == nil)
        #expect(ActionCall.errorType(of: result(404)) == "404")
        #expect(ActionCall.errorType(of: result(nil, .timeout("deadlineExceeded"))) == "timeout")
        #expect(ActionCall.errorType(of: result(nil, .connection("refused"))) == "connection")
        #expect(ActionCall.errorType(of: result(nil, .credentials("token endpoint answered 500"))) == "_OTHER")
    }
}
