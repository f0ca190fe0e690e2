import EventhosEngine
import EventhosJSON
import Foundation
import InMemoryTracing
import Testing
import Tracing

/// Spans through the real broker and a real subscriber: `ingest` → `publish` → `consume` → `try`,
/// one trace, linked through the message headers; and the OTLP/HTTP export of a real exporter.
@Suite("Tracing", .serialized)
struct TracingTests {
    @Test("ingest, publish, consume and try make one trace across the broker, and the subscriber continues it")
    func fourSpansOneTrace() async throws {
        let tracer = W3CTestTracer()
        try await withTracedBridge(tracer) { subscriber, bridge, base in
            let answer = try await HTTP.post(
                base + "/event/send?event-identifier=\(bridge.event)&tenant=acme", body: #"{"id": 5}"#,
                headers: [("access-key", bridge.key)])
            let id = try #require(answer.json?["receivedEventId"]?.stringValue)
            let received = try #require(try await subscriber.wait(for: "/accounts/5").first)
            let spans = try #require(try await finished(["ingest", "publish", "consume", "try"], in: tracer))
            let (ingest, publish, consume, tried) = (spans[0], spans[1], spans[2], spans[3])

            #expect(ingest.kind == .server && ingest.parentSpanID == nil)
            #expect(ingest.attributes["http.request.method"]?.toSpanAttribute() == "POST")
            #expect(ingest.attributes["http.route"]?.toSpanAttribute() == "/event/send")
            #expect(ingest.attributes["http.response.status_code"]?.toSpanAttribute() == 202)
            #expect(ingest.attributes["eventhos.event"]?.toSpanAttribute() == .string(bridge.event))

            #expect(publish.kind == .producer && publish.parentSpanID == ingest.spanID)
            #expect(publish.attributes["messaging.system"]?.toSpanAttribute() == "rabbitmq")
            #expect(publish.attributes["messaging.destination.name"]?.toSpanAttribute() == "eventhos.events")
            #expect(publish.attributes["messaging.message.id"]?.toSpanAttribute() == .string(id))
            #expect(publish.attributes["eventhos.event"]?.toSpanAttribute() == .string(bridge.event))

            // Across the broker: the consumer read the publish span from the message headers.
            #expect(consume.kind == .consumer && consume.parentSpanID == publish.spanID)
            #expect(consume.attributes["messaging.message.id"]?.toSpanAttribute() == .string(id))
            #expect(consume.attributes["eventhos.contract"]?.toSpanAttribute() == .string(bridge.contract))
            #expect(consume.attributes["eventhos.attempt"]?.toSpanAttribute() == 1)

            #expect(tried.kind == .client && tried.parentSpanID == consume.spanID)
            #expect(tried.attributes["http.request.method"]?.toSpanAttribute() == "POST")
            #expect(tried.attributes["http.response.status_code"]?.toSpanAttribute() == 200)
            #expect(received.query["tenant"] == "acme", "the request had a query")
            #expect(tried.attributes["url.full"]?.toSpanAttribute() == .string(subscriber.url + "/accounts/5"), "without it")
            #expect(tried.status == nil)

            #expect(Set(spans.map(\.traceID)) == [ingest.traceID])
            #expect(received.headers["traceparent"] == "00-\(ingest.traceID)-\(tried.spanID)-01")
        }
    }

    @Test("ingest continues the producer's trace")
    func producerTraceContinued() async throws {
        let tracer = W3CTestTracer()
        try await withTracedBridge(tracer) { subscriber, bridge, base in
            let producer = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
            _ = try await HTTP.post(
                base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 6}"#,
                headers: [("access-key", bridge.key), ("traceparent", producer)])
            let received = try await subscriber.wait(for: "/accounts/6").first
            let spans = try #require(try await finished(["ingest", "try"], in: tracer))
            #expect(spans[0].traceID == "0af7651916cd43dd8448eb211c80319c")
            #expect(spans[0].parentSpanID == "b7ad6b7169203331")
            #expect(received?.headers["traceparent"] == "00-0af7651916cd43dd8448eb211c80319c-\(spans[1].spanID)-01")
        }
    }

    @Test("a refusal is an ingest span with its status and code, a failed try a span in error, each retry its own try")
    func failuresAndRetries() async throws {
        let tracer = W3CTestTracer()
        try await withTracedBridge(tracer, retry: "{ maxAttempts: 3, backoff: [100ms] }") { subscriber, bridge, base in
            subscriber.script("/accounts/9", [503, 200])
            let send = base + "/event/send?event-identifier=\(bridge.event)"
            #expect(try await HTTP.post(send, body: "{}", headers: [("access-key", "wrong")]).status == 401)
            _ = try await HTTP.post(send, body: #"{"id": 9}"#, headers: [("access-key", bridge.key)])
            _ = try await subscriber.wait(for: "/accounts/9", count: 2)
            let spans = try #require(
                try await eventually { () -> [FinishedInMemorySpan]? in
                    let spans = tracer.finishedSpans
                    return spans.filter { $0.operationName == "consume" }.count == 2 ? spans : nil
                })
            let refused = try #require(spans.first { $0.attributes["http.response.status_code"]?.toSpanAttribute() == 401 })
            #expect(refused.operationName == "ingest" && refused.status == nil, "a 4xx is the producer's error")
            #expect(refused.attributes["error.type"]?.toSpanAttribute() == "invalid_key")

            let tries = spans.filter { $0.operationName == "try" }
            #expect(tries.map { $0.attributes["http.response.status_code"]?.toSpanAttribute() } == [503, 200])
            #expect(tries.first?.status?.code == .error)
            #expect(tries.first?.attributes["error.type"]?.toSpanAttribute() == "503")
            #expect(tries.last?.status == nil)
            let attempts = spans.filter { $0.operationName == "consume" }.map { $0.attributes["eventhos.attempt"]?.toSpanAttribute() }
            #expect(attempts == [1, 2])
            #expect(Set(tries.map(\.traceID)).count == 1, "a retry stays in the event's trace")
        }
    }

    @Test("a tracer that propagates with headers of its own still links consume to publish; the subscriber still gets a traceparent")
    func anyTracerPropagates() async throws {
        let tracer = InMemoryTracer()
        try await withTracedBridge(tracer) { subscriber, bridge, base in
            _ = try await HTTP.post(
                base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 4}"#,
                headers: [("access-key", bridge.key)])
            let received = try await subscriber.wait(for: "/accounts/4").first
            let consumed = try await eventually { tracer.finishedSpans.first { $0.operationName == "consume" } }
            let published = tracer.finishedSpans.first { $0.operationName == "publish" }
            #expect(consumed?.parentSpanID != nil && consumed?.parentSpanID == published?.spanID)
            #expect(received?.headers["traceparent"].flatMap { $0.split(separator: "-").count } == 4)
        }
    }

    /// Runs a subscriber and a bridge with `tracer` for the duration of `body`.
    private func withTracedBridge(
        _ tracer: any Tracer, retry: String = "{ maxAttempts: 3, backoff: [200ms, 300ms] }",
        _ body: (TestSubscriber, TestBridge, String) async throws -> Void
    ) async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url, retry: retry)
            try await bridge.run(tracer: tracer) { base in try await body(subscriber, bridge, base) }
        }
    }

    /// The first finished span of each name, in that order, once all have finished.
    private func finished(_ names: [String], in tracer: W3CTestTracer) async throws -> [FinishedInMemorySpan]? {
        try await eventually {
            let spans = tracer.finishedSpans
            let found = names.compactMap { name in spans.first { $0.operationName == name } }
            return found.count == names.count ? found : nil
        }
    }
}
