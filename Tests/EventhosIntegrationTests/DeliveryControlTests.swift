import EventhosCore
import EventhosJSON
import EventhosTemplates
import Foundation
import GRDB
import Testing

/// Delivery control (spec §10) against the real broker and a real subscriber: filters, expiry,
/// status policies, pause and resume, the circuit breaker and the operator events.
@Suite("Delivery control", .serialized)
struct DeliveryControlTests {
    /// A contract on an operator event, delivering it to `/ops/<kind>` of the subscriber.
    static func alerts(on kinds: [OperatorEventKind], subscriber: TestSubscriber, answering path: String = "/ops/${.body.kind}")
        -> (actions: String, contracts: String)
    {
        let actions = """
              - { identifier: "{tag}-alert", name: Alert, operation: new, subscriber: "{tag}-billing", http: { url: "\(subscriber.url)\(path)" } }
            """
        let contracts = kinds.map { kind in
            """
              - { identifier: "{tag}-on-\(kind.rawValue)", name: On \(kind.rawValue), event: \(kind.eventIdentifier), action: "{tag}-alert" }
            """
        }.joined(separator: "\n")
        return (actions, contracts)
    }

    @Test("a filter delivers the matching events only; the others are SKIPPED in the audit, shown by the API and counted")
    func filterSkips() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(
                subscriberURL: subscriber.url,
                actions: """
                      - { identifier: "{tag}-big", name: Big, operation: new, subscriber: "{tag}-billing", http: { url: "\(subscriber.url)/big/${.body.id}" } }
                    """,
                contracts: """
                      - { identifier: "{tag}-big-orders", name: Big orders, event: "{tag}-customer-created", action: "{tag}-big", filter: { body.total: { $gte: 1000 }, $or: [ { body.country: { $in: [PE, CL] } }, { headers.x-vip: "yes" } ] } }
                    """)
            try await bridge.run { base in
                let sends: [(id: Int, total: Int, country: String, vip: Bool)] = [
                    (1, 500, "PE", false), (2, 2000, "CL", false), (3, 5000, "US", true), (4, 5000, "US", false),
                ]
                var ids: [Int: String] = [:]
                for send in sends {
                    let answer = try await HTTP.post(
                        base + "/event/send?event-identifier=\(bridge.event)",
                        body: #"{"id": \#(send.id), "total": \#(send.total), "country": "\#(send.country)"}"#,
                        headers: [("access-key", bridge.key)] + (send.vip ? [("x-vip", "yes")] : []))
                    ids[send.id] = try #require(answer.json?["receivedEventId"]?.stringValue)
                }
                #expect(try await subscriber.wait(for: "/big/2").count == 1)
                #expect(try await subscriber.wait(for: "/big/3").count == 1)
                let audit = AuditReader(path: bridge.storePath)
                let contract = "\(bridge.tag)-big-orders"
                for skipped in [1, 4] {
                    let row = try await eventually {
                        try audit.rows(
                            """
                            SELECT d.state, d.reason, d.attempts FROM contract_exc_detail d JOIN contract c ON c.id = d.contract_id
                            WHERE d.received_event_id = ? AND c.identifier = ?
                            """, [ids[skipped]!, contract]
                        ).first
                    }
                    #expect(row?["state"] == "SKIPPED", "event \(skipped)")
                    #expect(row?["reason"] == "filtered", "event \(skipped)")
                    #expect(row?["attempts"] == 0, "event \(skipped)")
                }
                // The SKIPPED rows are the markers: those events were settled without a call.
                #expect(subscriber.requests(at: "/big/1").isEmpty && subscriber.requests(at: "/big/4").isEmpty)
                #expect(try await subscriber.wait(for: "/accounts/4").count == 1, "the unfiltered contract delivers every event")
                let admin = AdminClient(base: base, token: bridge.adminToken(.viewer))
                let shown = try await admin.get("/received-events/\(ids[1]!)").json
                let execution = shown?["executions"].flatMap { executions -> JSONValue? in
                    guard case .array(let items) = executions else { return nil }
                    return items.first { $0["contract"]?.stringValue == contract }
                }
                #expect(execution?["state"]?.stringValue == "SKIPPED" && execution?["reason"]?.stringValue == "filtered")
                let metrics = MetricsText(try await HTTP.get(base + "/metrics").body)
                #expect(metrics.value("eventhos_deliveries_filtered_total", ["contract": contract]) == 2)
                let browser = ConsoleBrowser(base: base)
                try await browser.signIn(bridge.adminToken(.viewer))
                let page = try await browser.get("/console/log/\(ids[1]!)").body
                #expect(
                    page.contains(#"data-execution-state="SKIPPED""#) && page.contains(#"data-reason="filtered""#),
                    "the received event's page does not show the contract that skipped it")
            }
        }
    }

    @Test("a filter that breaks the rules is refused by the admin API with the path of each problem")
    func filterProblemsHavePaths() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let admin = AdminClient(base: base, token: bridge.adminToken(.admin))
                let answer = try await admin.post(
                    "/contracts",
                    """
                    {"identifier": "\(bridge.tag)-bad-filter", "name": "Bad", "event": "\(bridge.event)", "action": "\(bridge.tag)-create-account",
                     "filter": {"body.total": {"$gte": [1]}, "$or": [{"body.a": 1}, 3], "size": {"$regex": "x"}}}
                    """)
                #expect(answer.status == 422)
                guard case .array(let problems)? = answer.json?["error"]?["problems"] else {
                    Issue.record("no problems in \(answer.body)")
                    return
                }
                let paths = Set(problems.compactMap { $0["path"]?.stringValue })
                #expect(paths == ["filter.body.total.$gte", "filter.$or[1]", "filter.size", "filter.size.$regex"], "\(answer.body)")
            }
        }
    }

    @Test("an event older than the contract's maxAge is not delivered again: dead-lettered as expired, audited, announced")
    func expiry() async throws {
        try await withSubscriber { subscriber in
            subscriber.script("/fresh/7", [503])
            let alerts = Self.alerts(on: [.deliveryDead], subscriber: subscriber, answering: "/ops/${.body.kind}/${.body.reason}")
            let bridge = try TestBridge(
                subscriberURL: subscriber.url, retry: "{ maxAttempts: 5, backoff: [1500ms] }",
                actions: """
                      - { identifier: "{tag}-fresh", name: Fresh, operation: new, subscriber: "{tag}-billing", http: { url: "\(subscriber.url)/fresh/${.body.id}" } }
                    \(alerts.actions)
                    """,
                contracts: """
                      - { identifier: "{tag}-only-fresh", name: Only fresh, event: "{tag}-customer-created", action: "{tag}-fresh", maxAge: 1s }
                    \(alerts.contracts)
                    """)
            try await bridge.run { base in
                let id = try await bridge.send(to: base, id: 7)
                let alert = try await subscriber.wait(for: "/ops/delivery-dead/expired")
                #expect(alert.first?.body.contains(#""contract":"\#(bridge.tag)-only-fresh""#) == true, "\(alert.first?.body ?? "")")
                let audit = AuditReader(path: bridge.storePath)
                let row = try await eventually {
                    try audit.rows(
                        """
                        SELECT d.state, d.reason, d.attempts FROM contract_exc_detail d JOIN contract c ON c.id = d.contract_id
                        WHERE d.received_event_id = ? AND c.identifier = ? AND d.reason IS NOT NULL
                        """, [id, "\(bridge.tag)-only-fresh"]
                    ).first
                }
                #expect(row?["state"] == "ERROR")
                #expect(row?["reason"] == "expired")
                #expect(row?["attempts"] == 1)
                #expect(subscriber.requests(at: "/fresh/7").count == 1, "the expired retry was sent")
                let letters = try await AdminClient(base: base, token: bridge.adminToken(.viewer))
                    .get("/contracts/\(bridge.tag)-only-fresh/dead-letters").json
                #expect(letters?["items"]?[0]?["reason"]?.stringValue == "expired", "\(String(describing: letters))")
            }
        }
    }

    @Test("status policies: listed codes and classes succeed, retry or go dead as the contract says")
    func responsePolicies() async throws {
        try await withSubscriber { subscriber in
            subscriber.script("/policy/1", [409])
            subscriber.script("/policy/2", [500])
            subscriber.script("/policy/3", [404, 200])
            let bridge = try TestBridge(
                subscriberURL: subscriber.url, retry: "{ maxAttempts: 3, backoff: [200ms] }",
                actions: """
                      - { identifier: "{tag}-policy", name: Policy, operation: new, subscriber: "{tag}-billing", http: { url: "\(subscriber.url)/policy/${.body.id}" }, responses: { dead: [409] } }
                    """,
                contracts: """
                      - { identifier: "{tag}-with-policy", name: With policy, event: "{tag}-customer-created", action: "{tag}-policy", responses: { success: [2xx, 409], retry: [404], dead: [5xx] } }
                    """)
            try await bridge.run { base in
                var ids: [Int: String] = [:]
                for id in 1...3 {
                    ids[id] = try await bridge.send(to: base, id: id)
                }
                let audit = AuditReader(path: bridge.storePath)
                let contract = "\(bridge.tag)-with-policy"
                func settled(_ id: Int) async throws -> (state: String, attempts: Int)? {
                    try await eventually {
                        try audit.rows(
                            """
                            SELECT d.state, d.attempts FROM contract_exc_detail d JOIN contract c ON c.id = d.contract_id
                            WHERE d.received_event_id = ? AND c.identifier = ? AND d.state IN ('COMPLETED', 'ERROR')
                            """, [ids[id]!, contract]
                        ).first.map { ($0["state"] as String, $0["attempts"] as Int) }
                    }
                }
                let conflict = try await settled(1)
                #expect(conflict?.state == "COMPLETED" && conflict?.attempts == 1, "the contract's policy replaces the action's")
                let serverError = try await settled(2)
                #expect(serverError?.state == "ERROR" && serverError?.attempts == 1, "5xx is dead at once")
                let notFound = try await settled(3)
                #expect(notFound?.state == "COMPLETED" && notFound?.attempts == 2, "404 is retried")
            }
        }
    }

    @Test("a paused contract keeps 1,000 messages and its due retries in its queue across a restart, and resume delivers them all")
    func pauseKeepsTheBacklog() async throws {
        try await withSubscriber { subscriber in
            subscriber.script("/accounts/5000", [503, 200])
            let alerts = Self.alerts(on: [.contractPaused, .contractResumed], subscriber: subscriber)
            let bridge = try TestBridge(
                subscriberURL: subscriber.url, retry: "{ maxAttempts: 3, backoff: [2s] }", actions: alerts.actions,
                contracts: alerts.contracts)
            let contract = bridge.contract
            try await bridge.runKeepingStore { base in
                _ = try await bridge.send(to: base, id: 5000)
                _ = try await subscriber.wait(for: "/accounts/5000")
                let operatorClient = AdminClient(base: base, token: bridge.adminToken(.operator))
                let paused = try await operatorClient.post("/contracts/\(contract)/pause", "")
                #expect(paused.status == 200 && paused.json?["pause"]?["reason"]?.stringValue == "operator", "\(paused.body)")
                #expect(try await subscriber.wait(for: "/ops/contract-paused").count == 1)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for batch in 0..<8 {
                        group.addTask {
                            for id in stride(from: batch, to: 1000, by: 8) {
                                _ = try await bridge.send(to: base, id: id)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                // 1,000 events and the retry that came due while paused.
                let depth = try await eventually(timeout: .seconds(15)) { () -> Int? in
                    let state = try await operatorClient.get("/contracts/\(contract)/delivery").json
                    guard case .int(let messages)? = state?["queue"]?["messages"], messages == 1001 else { return nil }
                    return Int(messages)
                }
                #expect(depth == 1001)
            }
            try await bridge.runKeepingStore { base in
                let operatorClient = AdminClient(base: base, token: bridge.adminToken(.operator))
                let state = try await operatorClient.get("/contracts/\(contract)/delivery").json
                #expect(state?["pause"]?["reason"]?.stringValue == "operator", "the pause survived the restart")
                #expect(state?["queue"]?["messages"] == .int(1001) && state?["queue"]?["consumers"] == .int(0))
                #expect(subscriber.all.filter { $0.path.hasPrefix("/accounts/") }.count == 1, "a paused contract delivered")
                let resumed = try await operatorClient.post("/contracts/\(contract)/resume", "")
                #expect(resumed.status == 200 && resumed.json?["pause"] == .null)
                let delivered = try await eventually(timeout: .seconds(30)) { () -> Set<String>? in
                    let paths = Set(subscriber.all.map(\.path).filter { $0.hasPrefix("/accounts/") })
                    return paths.count == 1001 ? paths : nil
                }
                #expect(delivered?.count == 1001)
                #expect(subscriber.requests(at: "/accounts/5000").count == 2, "the retry waited in the queue and was delivered")
                #expect(try await subscriber.wait(for: "/ops/contract-resumed").count == 1)
            }
        }
    }

    @Test("eventhos contracts pause and resume act on the running bridge at once, and say when nothing changed")
    func pauseFromTheCommandLine() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try FileManager.default.createDirectory(at: bridge.directory, withIntermediateDirectories: true)
            let config = bridge.directory.appendingPathComponent("eventhos.yaml")
            try bridge.yaml.write(to: config, atomically: true, encoding: .utf8)
            let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("eventhos")
            let command = { (arguments: [String]) in
                await ChildProcess.run(
                    ["EVENTHOS_TEST_SECRET_KEY=secret-key-material-\(bridge.tag)", executable.path, "contracts"] + arguments
                        + ["--config", config.path])
            }
            try await bridge.run { base in
                let viewer = AdminClient(base: base, token: bridge.adminToken(.viewer))
                let paused = await command(["pause", bridge.contract])
                #expect(paused.status == 0 && paused.output.contains("\(bridge.contract): paused"), "\(paused.output)\(paused.errors)")
                let stopped = try await eventually {
                    let state = try await viewer.get("/contracts/\(bridge.contract)/delivery").json
                    return state?["pause"] != .null && state?["queue"]?["consumers"] == .int(0) ? true : nil
                }
                #expect(stopped == true, "the running bridge did not stop the contract's consumer")
                _ = try await bridge.send(to: base, id: 77)
                let again = await command(["pause", bridge.contract])
                #expect(again.status == 0 && again.output.contains("already paused"), "\(again.output)")
                let resumed = await command(["resume", bridge.contract])
                #expect(resumed.status == 0 && resumed.output.contains("resumed"), "\(resumed.output)\(resumed.errors)")
                #expect(try await subscriber.wait(for: "/accounts/77").count == 1, "the backlog was not delivered on resume")
                let unknown = await command(["pause", "nope"])
                #expect(unknown.status == 1 && unknown.errors.contains("no contract has the identifier 'nope'"), "\(unknown.errors)")
            }
        }
    }

    @Test("a circuit breaker opens on a failing subscriber, spends one probe per opening, and closes when it recovers")
    func circuitBreaker() async throws {
        try await withSubscriber { subscriber in
            for id in 1...4 {
                subscriber.script("/flaky/\(id)", [503])
            }
            let alerts = Self.alerts(on: [.circuitOpened, .circuitClosed], subscriber: subscriber)
            let bridge = try TestBridge(
                subscriberURL: subscriber.url, retry: "{ maxAttempts: 30, backoff: [200ms] }",
                actions: """
                      - { identifier: "{tag}-flaky", name: Flaky, operation: new, subscriber: "{tag}-billing", http: { url: "\(subscriber.url)/flaky/${.body.id}" }, circuitBreaker: { failureRate: 50%, minimumCalls: 4, window: 30s, openFor: 1s, maxOpenFor: 4s } }
                    \(alerts.actions)
                    """,
                contracts: """
                      - { identifier: "{tag}-to-flaky", name: To flaky, event: "{tag}-customer-created", action: "{tag}-flaky" }
                    \(alerts.contracts)
                    """)
            try await bridge.run { base in
                var ids: [String] = []
                for id in 1...4 {
                    ids.append(try await bridge.send(to: base, id: id))
                }
                let flaky = { subscriber.all.filter { $0.path.hasPrefix("/flaky/") }.count }
                _ = try await subscriber.wait(for: "/ops/circuit-opened")
                let whenOpened = flaky()
                let viewer = AdminClient(base: base, token: bridge.adminToken(.viewer))
                let state = try await viewer.get("/contracts/\(bridge.tag)-to-flaky/delivery").json
                #expect(state?["circuitBreaker"]?["state"]?.stringValue == "open", "\(String(describing: state))")
                let held = try await eventually(timeout: .seconds(3)) { () -> JSONValue? in
                    let breaker = try await viewer.get("/contracts/\(bridge.tag)-to-flaky/delivery").json?["circuitBreaker"]
                    guard case .int(let waiting)? = breaker?["waiting"], waiting > 0 else { return nil }
                    return breaker
                }
                #expect(held != nil, "the retries due while open are not shown as held by the breaker")
                let metrics = MetricsText(try await HTTP.get(base + "/metrics").body)
                #expect(metrics.value("eventhos_circuit_state", ["action": "\(bridge.tag)-flaky"]) == 1)
                // The failed probe reopens it: exactly one try between the two openings.
                let reopened = try await subscriber.wait(for: "/ops/circuit-opened", count: 2)
                #expect(reopened.count == 2 && reopened[1].body.contains(#""probeFailed":true"#), "\(reopened.map(\.body))")
                #expect(flaky() == whenOpened + 1, "tries while open: \(flaky() - whenOpened - 1) besides the probe")
                for id in 1...4 {
                    subscriber.script("/flaky/\(id)", [200])
                }
                #expect(try await subscriber.wait(for: "/ops/circuit-closed", timeout: .seconds(20)).count == 1)
                let audit = AuditReader(path: bridge.storePath)
                let completed = try await eventually(timeout: .seconds(15)) { () -> Int? in
                    let count = try ids.filter { id in
                        try audit.rows(
                            """
                            SELECT 1 FROM contract_exc_detail d JOIN contract c ON c.id = d.contract_id
                            WHERE d.received_event_id = ? AND c.identifier = ? AND d.state = 'COMPLETED'
                            """, [id, "\(bridge.tag)-to-flaky"]
                        ).count == 1
                    }.count
                    return count == 4 ? count : nil
                }
                #expect(completed == 4)
            }
        }
    }

    @Test("a breaker that fails for disableAfter pauses the action's contracts until an operator resumes them")
    func breakerGivesUp() async throws {
        try await withSubscriber { subscriber in
            subscriber.script("/down/1", [503])
            subscriber.script("/down/2", [503])
            let alerts = Self.alerts(on: [.contractPaused], subscriber: subscriber, answering: "/ops/${.body.kind}/${.body.reason}")
            let bridge = try TestBridge(
                subscriberURL: subscriber.url, retry: "{ maxAttempts: 50, backoff: [100ms] }",
                actions: """
                      - { identifier: "{tag}-down", name: Down, operation: new, subscriber: "{tag}-billing", http: { url: "\(subscriber.url)/down/${.body.id}" }, circuitBreaker: { minimumCalls: 2, openFor: 200ms, maxOpenFor: 200ms, disableAfter: 1s } }
                    \(alerts.actions)
                    """,
                contracts: """
                      - { identifier: "{tag}-to-down", name: To down, event: "{tag}-customer-created", action: "{tag}-down" }
                    \(alerts.contracts)
                    """)
            try await bridge.run { base in
                for id in 1...2 {
                    _ = try await bridge.send(to: base, id: id)
                }
                let paused = try await subscriber.wait(for: "/ops/contract-paused/circuit-breaker", timeout: .seconds(20))
                #expect(paused.first?.body.contains(#""contract":"\#(bridge.tag)-to-down""#) == true)
                let state = try await AdminClient(base: base, token: bridge.adminToken(.viewer))
                    .get("/contracts/\(bridge.tag)-to-down/delivery").json
                #expect(state?["pause"]?["reason"]?.stringValue == "circuit-breaker", "\(String(describing: state))")
            }
        }
    }

    @Test("a rejected event of a known producer is an operator event; one without a valid key is not")
    func rejectionsAreAnnounced() async throws {
        try await withSubscriber { subscriber in
            let alerts = Self.alerts(on: [.eventRejected], subscriber: subscriber, answering: "/ops/${.body.kind}/${.body.code}")
            let bridge = try TestBridge(subscriberURL: subscriber.url, actions: alerts.actions, contracts: alerts.contracts)
            try await bridge.run { base in
                let anonymous = try await HTTP.post(
                    base + "/event/send?event-identifier=nothing", body: "{}", headers: [("access-key", "not-a-key")])
                #expect(anonymous.status == 401)
                let unknown = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.tag)-nothing", body: "{}", headers: [("access-key", bridge.key)])
                #expect(unknown.status == 404, "\(unknown.status) \(unknown.body)")
                let alert = try await subscriber.wait(for: "/ops/event-rejected/unknown_event")
                #expect(alert.first?.body.contains(#""producer":"\#(bridge.tag)-crm""#) == true, "\(alert.first?.body ?? "")")
                // The second rejection's alert is the marker: the first (no valid key) made none.
                #expect(subscriber.requests(at: "/ops/event-rejected/invalid_key").isEmpty)
            }
        }
    }

    @Test("an operator event about a contract that delivers operator events is not emitted again")
    func operatorEventsDoNotLoop() async throws {
        try await withSubscriber { subscriber in
            subscriber.script("/accounts/1", [404])
            subscriber.script("/accounts/2", [404])
            subscriber.script("/ops/delivery-dead", [404])
            let alerts = Self.alerts(on: [.deliveryDead], subscriber: subscriber)
            let bridge = try TestBridge(subscriberURL: subscriber.url, actions: alerts.actions, contracts: alerts.contracts)
            try await bridge.run { base in
                _ = try await bridge.send(to: base, id: 1)
                _ = try await subscriber.wait(for: "/ops/delivery-dead")
                // The second failure's alert is the marker: the failing alert itself raised none.
                _ = try await bridge.send(to: base, id: 2)
                let alerts = try await subscriber.wait(for: "/ops/delivery-dead", count: 2)
                #expect(alerts.count == 2)
                #expect(alerts.allSatisfy { $0.body.contains(#""contract":"\#(bridge.contract)""#) }, "\(alerts.map(\.body))")
            }
        }
    }
}
