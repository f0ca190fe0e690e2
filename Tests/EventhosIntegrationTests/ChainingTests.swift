import EventhosJSON
import EventhosTemplates
import Foundation
import GRDB
import OrderedCollections
import Testing

/// `replyTo` against a real broker and subscriber: responses become events of the subscriber system.
@Suite("Chaining through the broker", .serialized)
struct ChainingTests {
    @Test("a replyTo chain of three contracts, audited with its parents; a loop is cut at the hop limit")
    func chainOfThree() async throws {
        try await withSubscriber { subscriber in
            let url = subscriber.url
            let bridge = try TestBridge(
                subscriberURL: url,
                events: """
                      - { identifier: "{tag}-step-b", name: Step B, operation: new, producer: "{tag}-erp" }
                      - { identifier: "{tag}-step-c", name: Step C, operation: new, producer: "{tag}-erp" }
                      - { identifier: "{tag}-loop", name: Loop, operation: process, producer: "{tag}-erp" }
                    """,
                actions: """
                      - { identifier: "{tag}-a", name: A, operation: new, subscriber: "{tag}-erp", http: { url: "\(url)/a" }, replyTo: "{tag}-step-b" }
                      - { identifier: "{tag}-b", name: B, operation: new, subscriber: "{tag}-erp", http: { url: "\(url)/b", data: { from: "${.body.step}" } }, replyTo: "{tag}-step-c" }
                      - { identifier: "{tag}-c", name: C, operation: new, subscriber: "{tag}-erp", http: { url: "\(url)/c" } }
                      - { identifier: "{tag}-x", name: X, operation: process, subscriber: "{tag}-erp", http: { url: "\(url)/x" }, replyTo: "{tag}-loop" }
                      - { identifier: "{tag}-again", name: Again, operation: process, subscriber: "{tag}-erp", http: { url: "\(url)/loop" }, replyTo: "{tag}-loop" }
                    """,
                contracts: """
                      - { identifier: "{tag}-to-a", name: A, event: "{tag}-customer-created", action: "{tag}-a" }
                      - { identifier: "{tag}-to-b", name: B, event: "{tag}-step-b", action: "{tag}-b" }
                      - { identifier: "{tag}-to-c", name: C, event: "{tag}-step-c", action: "{tag}-c" }
                      - { identifier: "{tag}-to-x", name: X, event: "{tag}-customer-created", action: "{tag}-x" }
                      - { identifier: "{tag}-loop", name: Loop, event: "{tag}-loop", action: "{tag}-again" }
                    """)
            subscriber.respond("/a", json: #"{"step":"a-done"}"#)
            subscriber.respond("/b", json: "b-done, not JSON")
            subscriber.respond("/loop", json: #"{"round":{n}}"#)
            try await bridge.run { base in
                let answer = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 9}"#, headers: [("access-key", bridge.key)])
                let root = try #require(answer.json?["receivedEventId"]?.stringValue)

                let b = try #require(try await subscriber.wait(for: "/b").first)
                #expect(try JSONParser.parse(Array(b.body.utf8)) == .object(["from": .string("a-done")]))
                let c = try #require(try await subscriber.wait(for: "/c").first)
                #expect(c.body == #""b-done, not JSON""#, "a response that is not JSON travels as a JSON string")

                let audit = AuditReader(path: bridge.storePath)
                let chained = try await eventually {
                    let rows = try audit.rows(
                        """
                        SELECT r.id, r.event_identifier, r.source, r.parent_received_event_id, r.state, s.identifier AS producer
                        FROM received_event r JOIN system s ON s.id = r.producer_id
                        WHERE r.event_identifier IN (?, ?)
                        """, ["\(bridge.tag)-step-b", "\(bridge.tag)-step-c"])
                    return rows.count == 2 ? rows : nil
                }
                let rows = try #require(chained)
                let stepB = try #require(rows.first { $0["event_identifier"] == "\(bridge.tag)-step-b" })
                let stepC = try #require(rows.first { $0["event_identifier"] == "\(bridge.tag)-step-c" })
                #expect(stepB["source"] == "chain" && stepC["source"] == "chain")
                #expect(stepB["producer"] == "\(bridge.tag)-erp")
                #expect(stepB["parent_received_event_id"] == root)
                #expect(stepC["parent_received_event_id"] == stepB["id"] as String)
                #expect(b.headers["eventhos-received-event-id"] == stepB["id"] as String)
                let completed = try await eventually { try audit.execution(stepC["id"]).flatMap { $0.state == "COMPLETED" ? $0 : nil } }
                #expect(completed != nil)

                // The loop: x (hop 0) replies at hop 1, then `again` answers each reply until hop 8.
                let cut = try await eventually {
                    try audit.rows(
                        "SELECT reject_reason, parent_received_event_id FROM received_event WHERE event_identifier = ? AND state = 'rejected'",
                        ["\(bridge.tag)-loop"]
                    ).first
                }
                #expect((cut?["reject_reason"] as String?)?.contains("hop limit of 8") == true)
                #expect(subscriber.requests(at: "/loop").count == 8)
                let accepted = try await eventually {
                    let rows = try audit.rows(
                        "SELECT count(*) AS n FROM received_event WHERE event_identifier = ? AND state = 'accepted'",
                        ["\(bridge.tag)-loop"])
                    return rows.first?["n"] == 8 ? true : nil
                }
                #expect(accepted == true, "hops 1 to 8 are published and audited")
                let warned = try await eventually {
                    try audit.rows("SELECT count(*) AS n FROM contract_exc_try WHERE warnings LIKE '%hop limit%'").first?["n"] == 1
                        ? true : nil
                }
                #expect(warned == true, "the try whose reply was cut has a warning")
            }
        }
    }
}
