import EventhosCore
import EventhosJSON
import EventhosTemplates
import Testing

/// Dead letters and replay through the admin API, against a running bridge and the real broker.
@Suite("Admin API operations", .serialized)
struct AdminOperationsTests {
    @Test("an operator lists a contract's dead letters and redrives them; an admin purges; replay delivers again")
    func deadLettersAndReplay() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            subscriber.script("/accounts/31", [400, 200])
            try await bridge.run { base in
                let operator_ = AdminClient(base: base, token: bridge.adminToken(.operator))
                let sent = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 31}"#, headers: [("access-key", bridge.key)])
                let id = try #require(sent.json?["receivedEventId"]?.stringValue)
                _ = try await subscriber.wait(for: "/accounts/31")

                let dead = try await eventually { () async throws -> JSONValue? in
                    let answer = try await operator_.get("/contracts/\(bridge.contract)/dead-letters")
                    return answer.json?["items"]?[0]
                }
                #expect(dead?["receivedEventId"] == .string(id))
                #expect(dead?["lastStatus"] == .int(400))
                let queues = try await operator_.get("/dead-letters")
                #expect(queues.body.contains(#""contract":"\#(bridge.contract)","queue":"eventhos.contract.\#(bridge.contract).dead","depth":1"#))
                #expect(try await operator_.get("/contracts/absent/dead-letters").status == 404)

                let redriven = try await operator_.post("/contracts/\(bridge.contract)/dead-letters/redrive", "")
                #expect(redriven.json?["redriven"] == .int(1), "\(redriven.body)")
                #expect(try await subscriber.wait(for: "/accounts/31", count: 2).count == 2, "the redriven message is tried again")
                let purged = try await AdminClient(base: base, token: bridge.adminToken(.admin)).delete(
                    "/contracts/\(bridge.contract)/dead-letters")
                #expect(purged.json?["purged"] == .int(0), "\(purged.body)")

                let replayed = try await eventually { () async throws -> HTTP.Answer? in
                    let answer = try await operator_.post("/received-events/\(id)/replay", #"{"contract": "\#(bridge.contract)"}"#)
                    return answer.status == 200 ? answer : nil
                }
                #expect(replayed?.json?["deliveries"]?[0]?["contract"] == .string(bridge.contract))
                #expect(try await subscriber.wait(for: "/accounts/31", count: 3).count == 3)
                #expect(try await operator_.post("/received-events/absent/replay", "").status == 404)
            }
        }
    }
}
