import EventhosJSON
import Foundation
import Testing

/// `Idempotency-Key` on `POST /event/send` (spec §3).
@Suite("Idempotent ingest", .serialized)
struct IdempotencyTests {
    @Test("a repeated key gets the first receivedEventId and is delivered once")
    func repeatDeliveredOnce() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url, maxInFlight: 1)
            try await bridge.run { base in
                let url = base + "/event/send?event-identifier=\(bridge.event)"
                let headers = [("access-key", bridge.key), ("Idempotency-Key", "order-42")]
                let first = try await HTTP.post(url, body: #"{"id": 42, "name": "A"}"#, headers: headers)
                let second = try await HTTP.post(url, body: #"{"id": 42, "name": "A"}"#, headers: headers)
                #expect(first.status == 202 && second.status == 202)
                let id = try #require(first.json?["receivedEventId"]?.stringValue)
                #expect(second.json?["receivedEventId"]?.stringValue == id)
                #expect(second.json?["contracts"] == .int(1))
                // Another key is another event.
                let other = try await HTTP.post(
                    url, body: #"{"id": 42, "name": "A"}"#, headers: [("access-key", bridge.key), ("Idempotency-Key", "order-43")])
                #expect(other.json?["receivedEventId"]?.stringValue != id)

                // The marker: an event sent after the three answers. A send is answered only after
                // its publish was confirmed, so a second copy of the repeated key would sit in the
                // contract's queue before the marker; the queue is FIFO and its one consumer holds
                // one delivery at a time (maxInFlight 1), so it would have arrived before the marker.
                _ = try await bridge.send(to: base, id: 43)
                #expect(try await subscriber.wait(for: "/accounts/43").count == 1)
                let delivered = subscriber.requests(at: "/accounts/42").map { $0.headers["eventhos-received-event-id"] }
                #expect(delivered.filter { $0 == id }.count == 1)
                #expect(delivered.count == 2)
            }
        }
    }

    @Test("an empty or overlong key is a 400")
    func invalidKey() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let url = base + "/event/send?event-identifier=\(bridge.event)"
                for key in ["", String(repeating: "k", count: 256)] {
                    let answer = try await HTTP.post(url, body: "{}", headers: [("access-key", bridge.key), ("Idempotency-Key", key)])
                    #expect(answer.status == 400)
                    #expect(answer.json?["error"]?["code"]?.stringValue == "invalid_idempotency_key")
                }
            }
        }
    }

    @Test("a send refused with 503 does not keep its key")
    func refusedSendReleasesKey() async throws {
        let bridge = try TestBridge(subscriberURL: "http://127.0.0.1:9", brokerURL: "amqp://guest:guest@127.0.0.1:9/%2f")
        try await bridge.runWithoutWaitingForReady { base in
            let answer = try await HTTP.post(
                base + "/event/send?event-identifier=\(bridge.event)", body: "{}",
                headers: [("access-key", bridge.key), ("Idempotency-Key", "k-503")])
            #expect(answer.status == 503)
            let audit = AuditReader(path: bridge.storePath)
            #expect(try audit.rows("SELECT * FROM idempotency_key").isEmpty)
        }
    }
}
