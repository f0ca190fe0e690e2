import EventhosJSON
import EventhosTemplates
import Foundation
import GRDB
import OrderedCollections
import Synchronization
import Testing

/// The whole path of an event against a real RabbitMQ, a real subscriber and a real SQLite file.
@Suite("Event pipeline", .serialized)
struct PipelineTests {
    @Test("a webhook becomes the templated request, and the audit records it")
    func webhookToTemplatedRequest() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let answer = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)&tenant=acme",
                    body: #"{"id": 42, "name": "Ada", "tags": ["a", "b"]}"#,
                    headers: [("access-key", bridge.key), ("x-request-id", "req-7")])
                #expect(answer.status == 202)
                let id = try #require(answer.json?["receivedEventId"]?.stringValue)
                #expect(answer.json?["contracts"] == .int(1))

                let request = try #require(try await subscriber.wait(for: "/accounts/42").first)
                #expect(request.method == "POST")
                #expect(request.query == ["tenant": "acme"])
                #expect(request.headers["x-source"] == "req-7")
                #expect(request.headers["eventhos-received-event-id"] == id)
                #expect(request.headers["eventhos-contract"] == bridge.contract)
                #expect(request.headers["eventhos-attempt"] == "1")
                #expect(request.headers["idempotency-key"] == "\(id).\(bridge.contract)")
                let body = try JSONParser.parse(Array(request.body.utf8))
                #expect(body["name"] == .string("Ada"))
                #expect(body["id"] == .int(42))
                #expect(body["raw"]?["tags"] == .array([.string("a"), .string("b")]))

                let audit = AuditReader(path: bridge.storePath)
                let completed = try await eventually { try audit.execution(id).flatMap { $0.state == "COMPLETED" ? $0 : nil } }
                #expect(completed?.attempts == 1)
                let received = try await eventually {
                    try audit.rows("SELECT * FROM received_event WHERE id = ?", [id]).first
                }
                let row = try #require(received)
                #expect(row["source"] == "webhook")
                #expect(row["state"] == "accepted")
                let header: String = row["header"]
                #expect(header.contains("req-7"))
                #expect(!header.contains(bridge.key), "the producer key must never reach the audit")
                let query: String = row["query"]
                #expect(query.contains("acme") && !query.contains(bridge.key))
                let tries = try audit.rows(
                    """
                    SELECT t.attempt, t.response_status, t.request_url FROM contract_exc_try t
                    JOIN contract_exc_detail d ON t.contract_exc_detail_id = d.id WHERE d.received_event_id = ?
                    """, [id])
                #expect(tries.count == 1)
                #expect(tries.first?["response_status"] == 200)
                #expect((tries.first?["request_url"] as String?)?.hasSuffix("/accounts/42?tenant=acme") == true)
            }
        }
    }

    @Test("an event fans out to every contract; an action without data forwards the body")
    func fanOut() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(
                subscriberURL: subscriber.url,
                actions: """
                      - { identifier: "{tag}-notify", name: Notify, operation: process, subscriber: "{tag}-billing", http: { method: PUT, url: "\(subscriber.url)/notify", timeout: 2s } }
                    """,
                contracts: """
                      - { identifier: "{tag}-to-notify", name: Notify, event: "{tag}-customer-created", action: "{tag}-notify" }
                    """)
            try await bridge.run { base in
                let answer = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 7, "name": "Bo"}"#,
                    headers: [("authorization", "Bearer \(bridge.key)")])
                #expect(answer.status == 202)
                #expect(answer.json?["contracts"] == .int(2))
                #expect(try await subscriber.wait(for: "/accounts/7").count == 1)
                let forwarded = try #require(try await subscriber.wait(for: "/notify").first)
                #expect(forwarded.method == "PUT")
                #expect(try JSONParser.parse(Array(forwarded.body.utf8)) == .object(["id": .int(7), "name": .string("Bo")]))
            }
        }
    }

    @Test("an event with no active contract is accepted and audited")
    func noContract() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let answer = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.tag)-quiet&access-key=\(bridge.key)")
                #expect(answer.status == 202)
                #expect(answer.json?["contracts"] == .int(0))
                let id = try #require(answer.json?["receivedEventId"]?.stringValue)
                let audit = AuditReader(path: bridge.storePath)
                let row = try await eventually {
                    try audit.rows("SELECT event_identifier, state, body FROM received_event WHERE id = ?", [id]).first
                }
                #expect(row?["event_identifier"] == "\(bridge.tag)-quiet")
                #expect(row?["state"] == "accepted")
                #expect(try audit.rows("SELECT * FROM contract_exc_detail WHERE received_event_id = ?", [id]).isEmpty)
                #expect(subscriber.all.isEmpty, "an event without contracts reached a subscriber")
            }
        }
    }
}

/// Runs a recording subscriber for the duration of `body`.
func withSubscriber(_ body: (TestSubscriber) async throws -> Void) async throws {
    let subscriber = TestSubscriber()
    try await withRunningServices([subscriber.application()]) {
        _ = try await eventually { subscriber.port.withLock { $0 } > 0 ? true : nil }
        try await body(subscriber)
    }
}

extension JSONValue {
    var stringValue: String? {
        if case .string(let text) = self { text } else { nil }
    }
}
