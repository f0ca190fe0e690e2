import EventhosCore
import Foundation
import Testing

/// `tracing.enabled`: the OpenTelemetry exporter posts the spans to a collector with OTLP/HTTP.
@Suite("Tracing export", .serialized)
struct TracingExportTests {
    @Test("spans reach the collector as OTLP protobuf while the bridge runs")
    func exportsWhileRunning() async throws {
        try await withCollectorAndSubscriber { collector, subscriber in
            var bridge = try TestBridge(subscriberURL: subscriber.url)
            bridge.configuration.tracing = TracingSettings(
                enabled: true, endpoint: collector.url, serviceName: "eventhos-\(bridge.tag)",
                exportInterval: .milliseconds(100))
            try await bridge.run { base in
                _ = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 3}"#,
                    headers: [("access-key", bridge.key)])
                _ = try await subscriber.wait(for: "/accounts/3")
                let exported = try await eventually(timeout: .seconds(15)) {
                    Self.spans.allSatisfy { collector.received(span: $0, kind: $1) } ? collector.exports : nil
                }
                let exports = try #require(exported, "not every span reached the collector")
                #expect(exports.allSatisfy { $0.contentType == "application/x-protobuf" && !$0.body.isEmpty })
                #expect(collector.received("eventhos-\(bridge.tag)"), "the service name")
            }
        }
    }

    @Test("stopping the bridge exports the spans not exported yet")
    func flushesOnShutdown() async throws {
        try await withCollectorAndSubscriber { collector, subscriber in
            var bridge = try TestBridge(subscriberURL: subscriber.url)
            bridge.configuration.tracing = TracingSettings(enabled: true, endpoint: collector.url, exportInterval: .seconds(600))
            try await bridge.run { base in
                _ = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 2}"#,
                    headers: [("access-key", bridge.key)])
                _ = try await subscriber.wait(for: "/accounts/2")
                // Time-based on purpose: this checks the exporter's own timer (600 s), with which no
                // event of the test can be ordered. A marker proves that what was sent before it
                // arrived; it cannot prove that a timer did not fire. The pause gives an exporter
                // that ignored its interval (exporting each span as it ends) the time to show it.
                try await Task.sleep(for: .milliseconds(300))
                #expect(collector.exports.isEmpty, "nothing is due before the interval")
            }
            #expect(Self.spans.allSatisfy { collector.received(span: $0, kind: $1) }, "the shutdown exported every span")
        }
    }

    /// The spans of one event, with their OTLP `SpanKind` (server 2, client 3, producer 4, consumer 5).
    static let spans: [(String, UInt8)] = [("ingest", 2), ("publish", 4), ("consume", 5), ("try", 3)]

    private func withCollectorAndSubscriber(_ body: (TestCollector, TestSubscriber) async throws -> Void) async throws {
        let collector = TestCollector()
        try await withRunningServices([collector.application()]) {
            _ = try await eventually { collector.url.hasSuffix(":0") ? nil : true }
            try await withSubscriber { subscriber in try await body(collector, subscriber) }
        }
    }
}

extension TestCollector {
    /// Whether an export holds `text` (an attribute value: protobuf keeps strings as they are).
    func received(_ text: String) -> Bool {
        exports.contains { $0.body.contains(Array(text.utf8)) }
    }

    /// Whether an export holds a span named `name` of `kind`: in an OTLP `Span`, field 5 (the name)
    /// is followed by field 6 (the kind).
    func received(span name: String, kind: UInt8) -> Bool {
        let encoded = [0x2A, UInt8(name.utf8.count)] + Array(name.utf8) + [0x30, kind]
        return exports.contains { $0.body.contains(encoded) }
    }
}

extension Array where Element: Equatable {
    fileprivate func contains(_ part: [Element]) -> Bool {
        guard !part.isEmpty, part.count <= count else { return part.isEmpty }
        return (0...(count - part.count)).contains { start in self[start..<(start + part.count)].elementsEqual(part) }
    }
}
