import Testing

@testable import EventhosEngine

@Suite("W3C trace context")
struct TraceContextTests {
    let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test("a valid traceparent is read field by field")
    func parses() throws {
        let context = try #require(TraceContext(traceparent: valid))
        #expect(context.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(context.spanID == "00f067aa0ba902b7")
        #expect(context.sampled)
        #expect(context.traceparent == valid)
        #expect(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")?.sampled == false)
    }

    @Test(
        "invalid traceparents are refused",
        arguments: [
            "", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ])
    func refuses(_ text: String) {
        #expect(TraceContext(traceparent: text) == nil)
    }

    @Test("a future version is read by its first four fields")
    func futureVersion() {
        #expect(TraceContext(traceparent: "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-follows")?.spanID == "00f067aa0ba902b7")
    }

    @Test("ingest continues the producer's trace with a new span, or starts a new trace")
    func ingest() throws {
        let continued = TraceContext.ingest(incoming: valid)
        #expect(continued.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(continued.spanID != "00f067aa0ba902b7")
        let started = TraceContext.ingest(incoming: "garbage")
        let again = TraceContext.ingest(incoming: nil)
        #expect(started.traceID != again.traceID)
        for context in [started, again] {
            #expect(TraceContext(traceparent: context.traceparent) == context, "\(context.traceparent)")
        }
    }

    @Test("a child keeps the trace and its sampling, with a new span")
    func child() throws {
        let parent = try #require(TraceContext(traceparent: valid))
        let child = parent.child()
        #expect(child.traceID == parent.traceID)
        #expect(child.sampled == parent.sampled)
        #expect(child.spanID != parent.spanID)
        #expect(child.spanID.count == 16)
    }
}
