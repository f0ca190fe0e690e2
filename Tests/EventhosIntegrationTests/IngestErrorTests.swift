import EventhosJSON
import EventhosTemplates
import Foundation
import NIOHTTP1
import Testing

/// Every error status of spec §3, with the JSON error body, and none reaching the subscriber.
@Suite("Ingest errors", .serialized)
struct IngestErrorTests {
    @Test("bad requests get a 4xx with a JSON error body and reach no subscriber")
    func badRequests() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url, maxInFlight: 1)
            try await bridge.run { base in
                let send = base + "/event/send?event-identifier=\(bridge.event)"
                let cases: [(name: String, answer: HTTP.Answer, status: Int, code: String)] = [
                    ("wrong key", try await HTTP.post(send + "&access-key=nope", body: "{}"), 401, "invalid_key"),
                    ("no key", try await HTTP.post(send, body: "{}"), 401, "invalid_key"),
                    ("wrong bearer", try await HTTP.post(send, body: "{}", headers: [("authorization", "Bearer nope")]), 401, "invalid_key"),
                    (
                        "another system's key",
                        try await HTTP.post(send, body: "{}", headers: [("access-key", "other-\(bridge.key)")]), 401,
                        "not_producer"
                    ),
                    (
                        "unknown event",
                        try await HTTP.post(base + "/event/send?event-identifier=nope", body: "{}", headers: [("access-key", bridge.key)]),
                        404, "unknown_event"
                    ),
                    (
                        "no event identifier",
                        try await HTTP.post(base + "/event/send", body: "{}", headers: [("access-key", bridge.key)]), 404,
                        "event_identifier_missing"
                    ),
                    ("not JSON", try await HTTP.post(send, body: "{not json", headers: [("access-key", bridge.key)]), 400, "invalid_json"),
                    (
                        "too large",
                        try await HTTP.post(
                            send, body: #"{"a":""# + String(repeating: "x", count: 5000) + #""}"#,
                            headers: [("access-key", bridge.key)]), 413, "body_too_large"
                    ),
                ]
                for item in cases {
                    #expect(item.answer.status == item.status, "\(item.name): \(item.answer.body)")
                    let error = item.answer.json?["error"]
                    #expect(error?["code"] == .string(item.code), "\(item.name): \(item.answer.body)")
                    #expect(error?["message"]?.stringValue?.isEmpty == false, "\(item.name)")
                    #expect(error?["requestId"]?.stringValue?.isEmpty == false, "\(item.name)")
                    #expect(item.answer.headers.first(name: "content-type") == "application/json")
                }
                // The marker: a good event sent after every rejection was answered. A request is
                // answered only after its publish was confirmed, so a rejected event that had been
                // published would sit in the contract's queue before the marker; the queue is FIFO
                // and its one consumer holds one delivery at a time (maxInFlight 1), so it would
                // have reached the subscriber before the marker did.
                _ = try await bridge.send(to: base, id: 99)
                #expect(try await subscriber.wait(for: "/accounts/99").count == 1)
                #expect(subscriber.all.map(\.path) == ["/accounts/99"], "a rejected request reached the subscriber")
                #expect(try await HTTP.get(base + "/health/live").status == 200)
            }
        }
    }

    @Test("no 2xx without the broker: an unreachable broker answers 503 with Retry-After, and ready is false")
    func brokerUnreachable() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url, brokerURL: "amqp://guest:guest@127.0.0.1:1/%2f")
            try await bridge.runWithoutWaitingForReady { base in
                let ready = try await HTTP.get(base + "/health/ready")
                #expect(ready.status == 503)
                #expect(ready.json?["components"]?["broker.publish"] == .string("disconnected"))
                let answer = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: "{}", headers: [("access-key", bridge.key)])
                #expect(answer.status == 503)
                #expect(answer.headers.first(name: "retry-after") != nil)
                #expect(answer.json?["error"]?["code"] == .string("broker_unavailable"))
            }
        }
    }

    @Test("until the broker topology is declared, events get 503 with Retry-After; the first 202 reaches every contract")
    func refusedUntilTopologyDeclared() async throws {
        try await withSubscriber { subscriber in
            // Enough contracts that declaring their queues outlasts the HTTP server's start.
            let copies = (1...150).map {
                "  - { identifier: {tag}-copy-\($0), name: Copy \($0), event: {tag}-customer-created, action: {tag}-create-account }"
            }
            let bridge = try TestBridge(subscriberURL: subscriber.url, contracts: copies.joined(separator: "\n"))
            try await bridge.runWithoutWaitingForReady { base in
                var refused = 0
                var id = 0
                var answer: HTTP.Answer
                let deadline = ContinuousClock.now + .seconds(60)
                repeat {
                    try #require(ContinuousClock.now < deadline, "still refused after 60 s: the topology was never declared")
                    id += 1
                    answer = try await HTTP.post(
                        base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": \#(id)}"#,
                        headers: [("access-key", bridge.key)])
                    guard answer.status == 503 else { break }
                    refused += 1
                    #expect(answer.headers.first(name: "retry-after") != nil)
                    #expect(answer.json?["error"]?["code"] == .string("broker_unavailable"), "\(answer.body)")
                } while true
                #expect(answer.status == 202, "\(answer.body)")
                #expect(refused > 0, "no event was sent before the topology was declared: the test proves nothing")
                let contracts = copies.count + 1
                #expect(try await subscriber.wait(for: "/accounts/\(id)", count: contracts).count == contracts)
            }
        }
    }
}
