import EventhosEngine
import EventhosJSON
import Foundation
import NIOHTTP1
import Testing

/// `/metrics` after known traffic, and the request id (`traceparent`) from the producer to the subscriber.
@Suite("Metrics and request ids", .serialized)
struct ObservabilityTests {
    @Test("after known traffic, /metrics counts events, deliveries, retries, dead letters, latencies and queues")
    func metricsAfterKnownTraffic() async throws {
        try await withSubscriber { subscriber in
            subscriber.script("/accounts/2", [503, 200])
            subscriber.script("/accounts/3", [422])
            let bridge = try TestBridge(subscriberURL: subscriber.url, retry: "{ maxAttempts: 3, backoff: [100ms] }")
            try await bridge.run { base in
                let send = base + "/event/send?event-identifier=\(bridge.event)"
                for id in 1...3 {
                    let answer = try await HTTP.post(send, body: #"{"id": \#(id)}"#, headers: [("access-key", bridge.key)])
                    #expect(answer.status == 202)
                }
                #expect(try await HTTP.post(send, body: "{}", headers: [("access-key", "wrong")]).status == 401)
                #expect(try await HTTP.post(send, body: "{oops", headers: [("access-key", bridge.key)]).status == 400)
                // An identifier the registry does not know never becomes a label value.
                let unknown = base + "/event/send?event-identifier=no-such-event"
                #expect(try await HTTP.post(unknown, body: "{}", headers: [("access-key", bridge.key)]).status == 404)

                let contract = ["contract": bridge.contract]
                let metrics = try await eventually(timeout: .seconds(15)) { () async throws -> MetricsText? in
                    let answer = try await HTTP.get(base + "/metrics")
                    #expect(answer.status == 200)
                    #expect(answer.headers.first(name: "content-type")?.hasPrefix("text/plain") == true)
                    let text = MetricsText(answer.body)
                    let settled = text.value(BridgeMetrics.Name.deadLetters, contract) == 1
                        && text.value(BridgeMetrics.Name.deliveries, contract.merging(["outcome": "success"]) { $1 }) == 2
                        && text.value(BridgeMetrics.Name.deadQueueMessages, contract) == 1
                    return settled ? text : nil
                }
                let text = try #require(metrics, "deliveries, dead letters and the dead-queue depth did not show")
                let event = ["event": bridge.event, "source": "webhook"]
                #expect(text.value(BridgeMetrics.Name.eventsReceived, event) == 5)
                #expect(text.value(BridgeMetrics.Name.eventsAccepted, event) == 3)
                #expect(text.value(BridgeMetrics.Name.eventsRejected, event.merging(["reason": "invalid_json"]) { $1 }) == 1)
                #expect(text.value(BridgeMetrics.Name.eventsRejected, event.merging(["reason": "invalid_key"]) { $1 }) == 1)
                #expect(text.value(BridgeMetrics.Name.eventsRejected, ["event": "", "reason": "unknown_event"]) == 1)
                #expect(text.value(BridgeMetrics.Name.publishConfirm + "_count", ["purpose": "ingest"]) == 3)
                for (outcome, count) in [("success", 2.0), ("retryable", 1), ("permanent", 1)] {
                    #expect(text.value(BridgeMetrics.Name.deliveries, contract.merging(["outcome": outcome]) { $1 }) == count)
                }
                #expect(text.value(BridgeMetrics.Name.retries, contract) == 1)
                #expect(text.value(BridgeMetrics.Name.deadLetters, contract.merging(["reason": "permanent-failure"]) { $1 }) == 1)
                #expect(text.value(BridgeMetrics.Name.tryDuration + "_count", contract) == 4)
                #expect(text.value(BridgeMetrics.Name.deliveriesInFlight, contract) == 0)
                #expect(text.value(BridgeMetrics.Name.brokerConnected, ["connection": "publish"]) == 1)
                #expect(text.value(BridgeMetrics.Name.brokerConnected, ["connection": "consume"]) == 1)
                #expect(text.value(BridgeMetrics.Name.brokerBlocked, ["connection": "publish"]) == 0)
                // 3 received events and 4 tries went through the audit writer.
                #expect((text.value(BridgeMetrics.Name.auditBatchRecords + "_sum") ?? 0) >= 7)
                #expect((text.value(BridgeMetrics.Name.auditCommit + "_count") ?? 0) >= 1)
                #expect(text.value(BridgeMetrics.Name.auditFailedBatches) == 0)
            }
        }
    }

    @Test("the producer's trace reaches the broker message and every try, one span per hop")
    func traceparentCarried() async throws {
        try await withSubscriber { subscriber in
            subscriber.script("/accounts/7", [500, 200])
            let bridge = try TestBridge(subscriberURL: subscriber.url, retry: "{ maxAttempts: 3, backoff: [100ms] }")
            try await bridge.run { base in
                let producerTrace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
                let answer = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 7}"#,
                    headers: [("access-key", bridge.key), ("traceparent", producerTrace)])
                let id = try #require(answer.json?["receivedEventId"]?.stringValue)
                let tries = try await subscriber.wait(for: "/accounts/7", count: 2)
                let parents = tries.compactMap { $0.headers["traceparent"] }
                #expect(parents.count == 2)
                for parent in parents {
                    #expect(parent.hasPrefix("00-0af7651916cd43dd8448eb211c80319c-"), "\(parent)")
                    #expect(parent != producerTrace)
                }
                #expect(Set(parents).count == 2, "each try is its own span")
                #expect(tries.allSatisfy { $0.headers["eventhos-received-event-id"] == id })

                // Without a producer trace, ingest starts one.
                _ = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 8}"#,
                    headers: [("access-key", bridge.key)])
                let fresh = try await subscriber.wait(for: "/accounts/8").first?.headers["traceparent"]
                let parts = try #require(fresh?.split(separator: "-"))
                #expect(parts.count == 4 && parts[1].count == 32 && parts[2].count == 16, "\(fresh ?? "")")
                #expect(parts[1] != "0af7651916cd43dd8448eb211c80319c")
            }
        }
    }
}
