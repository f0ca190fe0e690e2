import InMemoryTracing
import Tracing

/// An in-memory tracer that propagates its spans as a W3C `traceparent`, with W3C ids, as an
/// OpenTelemetry tracer does on the wire: what a subscriber receives can be matched to the spans.
struct W3CTestTracer: Tracer {
    /// Where the spans are kept.
    let memory = InMemoryTracer(
        idGenerator: .init(nextTraceID: { W3CTestTracer.randomHex(words: 2) }, nextSpanID: { W3CTestTracer.randomHex(words: 1) }),
        recordInjections: false, recordExtractions: false)

    var finishedSpans: [FinishedInMemorySpan] { memory.finishedSpans }

    func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> InMemorySpan {
        memory.startSpan(
            operationName, context: context(), ofKind: kind, at: instant(), function: function, file: fileID, line: line)
    }

    func activeSpan(identifiedBy context: ServiceContext) -> InMemorySpan? {
        memory.activeSpan(identifiedBy: context)
    }

    func forceFlush() {}

    func inject<Carrier, Inject: Injector>(
        _ context: ServiceContext, into carrier: inout Carrier, using injector: Inject
    ) where Inject.Carrier == Carrier {
        guard let span = context.inMemorySpanContext else { return }
        injector.inject("00-\(span.traceID)-\(span.spanID)-01", forKey: "traceparent", into: &carrier)
    }

    func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract
    ) where Extract.Carrier == Carrier {
        let fields = extractor.extract(key: "traceparent", from: carrier)?.split(separator: "-") ?? []
        guard fields.count == 4 else { return }
        context.inMemorySpanContext = InMemorySpanContext(traceID: String(fields[1]), spanID: String(fields[2]), parentSpanID: nil)
    }

    private static func randomHex(words: Int) -> String {
        (0..<words).map { _ in
            let text = String(UInt64.random(in: 1...UInt64.max), radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }
}
