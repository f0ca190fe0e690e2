import EventhosCore
import EventhosJSON
import EventhosEngine
import EventhosTemplates
import Foundation
import Testing

/// Registry changes through the admin API reach ingest, the broker and the workers without a restart.
@Suite("Live topology", .serialized)
struct LiveTopologyTests {
    @Test("a contract created through the API delivers the next event, without a restart")
    func createdContractDelivers() async throws {
        try await withAdmin { subscriber, bridge, base, admin in
            let action = try await admin.post(
                "/actions",
                #"{"identifier": "\#(bridge.tag)-audit-copy", "name": "Copy", "operation": "new", "subscriber": "\#(bridge.tag)-billing", "http": {"url": "\#(subscriber.url)/copies/${.body.id}", "timeout": "2s"}}"#)
            #expect(action.status == 201, "\(action.body)")
            let contract = try await admin.post(
                "/contracts", #"{"name": "\#(bridge.tag) copy", "event": "\#(bridge.event)", "action": "\#(bridge.tag)-audit-copy"}"#)
            #expect(contract.status == 201, "\(contract.body)")
            #expect(Self.changes(contract) == ["\(bridge.tag)-copy": "started"])

            let sent = try await send(bridge, base: base, id: 7)
            #expect(sent.json?["contracts"] == .int(2), "ingest sees the new contract at once")
            #expect(try await subscriber.wait(for: "/copies/7").count == 1)
            #expect(try await subscriber.wait(for: "/accounts/7").count == 1)
        }
    }

    @Test("deactivating stops delivery and keeps the messages in the queue; activating delivers them")
    func deactivateKeepsMessages() async throws {
        try await withAdmin { subscriber, bridge, base, admin in
            let body = { (active: Bool) in
                #"{"name": "CRM to billing", "event": "\#(bridge.event)", "action": "\#(bridge.tag)-create-account", "active": \#(active)}"#
            }
            let deactivated = try await admin.put("/contracts/\(bridge.contract)", body(false))
            #expect(deactivated.status == 200, "\(deactivated.body)")
            #expect(Self.changes(deactivated) == [bridge.contract: "stopped"])

            let sent = try await send(bridge, base: base, id: 8)
            #expect(sent.status == 202)
            #expect(sent.json?["contracts"] == .int(0))
            let queue = BrokerNames.contractQueue(bridge.contract)
            // No marker can pass a stopped consumer: the queue's own state is the proof. The
            // message is ready in it (no consumer holds it, none acknowledged it) and the queue has
            // no consumer left to take it; a worker still consuming would show here as a consumer.
            let waiting = try await eventually {
                try await BrokerProbe.queueInfo(queue: queue).flatMap { $0.messages == 1 && $0.consumers == 0 ? $0 : nil }
            }
            #expect(waiting != nil, "the message waits in the deactivated contract's queue, which has no consumer")
            #expect(subscriber.requests(at: "/accounts/8").isEmpty)

            let activated = try await admin.put("/contracts/\(bridge.contract)", body(true))
            #expect(Self.changes(activated) == [bridge.contract: "started"])
            #expect(try await subscriber.wait(for: "/accounts/8").count == 1, "the waiting message is delivered")
        }
    }

    @Test("deleting a contract removes its binding; a queue still holding messages is kept and reported, an empty one deleted")
    func deleteUnbindsAndKeepsNonEmptyQueue() async throws {
        try await withAdmin { subscriber, bridge, base, admin in
            _ = try await admin.put(
                "/contracts/\(bridge.contract)",
                #"{"name": "CRM to billing", "event": "\#(bridge.event)", "action": "\#(bridge.tag)-create-account", "active": false}"#)
            _ = try await send(bridge, base: base, id: 9)
            let queue = BrokerNames.contractQueue(bridge.contract)
            _ = try await eventually { try await BrokerProbe.messageCount(queue: queue).flatMap { $0 == 1 ? $0 : nil } }

            let deleted = try await admin.delete("/contracts/\(bridge.contract)")
            #expect(deleted.status == 200)
            #expect(Self.changes(deleted) == [bridge.contract: "queueKept"])
            // The 202 is the marker: it comes only once the broker confirmed the publish, and the
            // broker confirms a message only once every queue it was routed to has taken it. Had
            // the binding stayed, the queue would count the message now.
            #expect(try await send(bridge, base: base, id: 10).status == 202)
            #expect(try await BrokerProbe.messageCount(queue: queue) == 1, "the binding is gone: nothing more arrives")

            let recreated = try await admin.post(
                "/contracts", #"{"name": "\#(bridge.tag) again", "event": "\#(bridge.event)", "action": "\#(bridge.tag)-create-account"}"#)
            #expect(Self.changes(recreated) == ["\(bridge.tag)-again": "started"])
            let removed = try await admin.delete("/contracts/\(bridge.tag)-again")
            #expect(Self.changes(removed) == ["\(bridge.tag)-again": "removed"])
            #expect(try await BrokerProbe.messageCount(queue: BrokerNames.contractQueue("\(bridge.tag)-again")) == nil)
        }
    }

    @Test("re-targeting a contract's event rebinds its queue")
    func retargetRebinds() async throws {
        try await withAdmin { subscriber, bridge, base, admin in
            let moved = try await admin.put(
                "/contracts/\(bridge.contract)",
                #"{"name": "CRM to billing", "event": "\#(bridge.tag)-quiet", "action": "\#(bridge.tag)-create-account"}"#)
            #expect(moved.status == 200, "\(moved.body)")
            #expect(Self.changes(moved) == [bridge.contract: "rebound,restarted"])
            _ = try await send(bridge, base: base, id: 11)
            _ = try await send(bridge, base: base, id: 12, event: "\(bridge.tag)-quiet")
            #expect(try await subscriber.wait(for: "/accounts/12").count == 1)
            #expect(subscriber.requests(at: "/accounts/11").isEmpty)
        }
    }

    @Test("producer keys: shown once, valid at once, several at a time, revoked at once, never stored in clear")
    func producerKeys() async throws {
        try await withAdmin { subscriber, bridge, base, admin in
            let system = "/systems/\(bridge.tag)-crm/keys"
            let created = try await admin.post(system, #"{"name": "rotation"}"#)
            #expect(created.status == 201, "\(created.body)")
            let key = try #require(created.json?["key"]?.stringValue)
            #expect(key.hasPrefix("ehk_") && key.count == 47)
            #expect(created.json?["prefix"] == .string(String(key.prefix(12))))

            let listed = try await admin.get(system)
            #expect(!listed.body.contains(key))
            guard case .array(let items)? = listed.json?["items"] else {
                Issue.record("no items")
                return
            }
            #expect(items.compactMap { $0["name"]?.stringValue } == ["default", "rotation"])

            #expect(try await send(bridge, base: base, id: 13, key: key).status == 202, "a new key is valid at once")
            #expect(try await send(bridge, base: base, id: 14).status == 202, "the older key stays valid")
            #expect(try await admin.post(system, #"{"name": "rotation"}"#).status == 409)
            let subscriber = try await admin.post("/systems/\(bridge.tag)-billing/keys", "")
            #expect(subscriber.status == 409, "a subscriber has no keys")
            #expect(subscriber.json?["error"]?["code"] == .string("subscriber"))
            #expect(try await admin.post("/systems/absent/keys", "").status == 404)
            let unnamed = try await admin.post(system, "")
            #expect(unnamed.json?["name"]?.stringValue?.hasPrefix("key-") == true)

            #expect(try await admin.delete(system + "/rotation").status == 200)
            #expect(try await send(bridge, base: base, id: 15, key: key).status == 401, "a revoked key is refused at once")
            #expect(try await admin.delete(system + "/rotation").status == 404)
            #expect(AdminRegistryTests.storeBytes(bridge).range(of: Data(key.utf8)) == nil)
        }
    }

    @Test("received events: filtered, paged, and one with its executions and tries")
    func receivedEvents() async throws {
        try await withAdmin { _, bridge, base, _ in
            let viewer = AdminClient(base: base, token: bridge.adminToken(.viewer))
            let first = try #require(try await send(bridge, base: base, id: 21).json?["receivedEventId"]?.stringValue)
            let second = try #require(try await send(bridge, base: base, id: 22).json?["receivedEventId"]?.stringValue)
            let listed = try await eventually { () async throws -> [String]? in
                let page = try await viewer.get("/received-events?event=\(bridge.event)&state=accepted&source=webhook")
                let ids = page.json?["items"].flatMap { items -> [String]? in
                    guard case .array(let rows) = items else { return nil }
                    return rows.compactMap { $0["id"]?.stringValue }
                }
                return ids?.count == 2 ? ids : nil
            }
            #expect(listed == [second, first], "newest first")
            let page = try await viewer.get("/received-events?limit=1&producer=\(bridge.tag)-crm")
            let cursor = try #require(page.json?["nextCursor"]?.stringValue)
            let next = try await viewer.get("/received-events?limit=1&producer=\(bridge.tag)-crm&cursor=\(cursor)")
            #expect(next.json?["items"]?[0]?["id"] == .string(first))
            #expect(try await viewer.get("/received-events?state=lost").status == 400)
            #expect(try await viewer.get("/received-events?from=yesterday").status == 400)
            let future = try await viewer.get("/received-events?from=2999-01-01T00:00:00Z")
            #expect(future.json?["items"] == .array([]))

            let detail = try await eventually { () async throws -> JSONValue? in
                let answer = try await viewer.get("/received-events/\(first)")
                return answer.json?["executions"]?[0]?["state"] == .string("COMPLETED") ? answer.json : nil
            }
            let event = try #require(detail)
            #expect(event["body"]?["id"] == .int(21))
            #expect(event["executions"]?[0]?["contract"] == .string(bridge.contract))
            #expect(event["executions"]?[0]?["tries"]?[0]?["response"]?["status"] == .int(200))
            #expect(try await viewer.get("/received-events/absent").status == 404)
        }
    }

    /// Runs a bridge whose actions call a test subscriber, with an admin client of the `admin` role.
    private func withAdmin(_ body: (TestSubscriber, TestBridge, String, AdminClient) async throws -> Void) async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                try await body(subscriber, bridge, base, AdminClient(base: base, token: bridge.adminToken(.admin)))
            }
        }
    }

    /// The contracts of a write's `topology`, with what happened to each.
    static func changes(_ answer: HTTP.Answer) -> [String: String] {
        guard case .array(let changes)? = answer.json?["topology"] else { return [:] }
        return Dictionary(
            changes.compactMap { change in
                change["contract"]?.stringValue.flatMap { contract in change["change"]?.stringValue.map { (contract, $0) } }
            },
            uniquingKeysWith: { first, second in [first, second].sorted().joined(separator: ",") })
    }

    private func send(_ bridge: TestBridge, base: String, id: Int, event: String? = nil, key: String? = nil) async throws -> HTTP.Answer {
        try await HTTP.post(
            base + "/event/send?event-identifier=\(event ?? bridge.event)", body: #"{"id": \#(id), "name": "N"}"#,
            headers: [("access-key", key ?? bridge.key)])
    }
}
