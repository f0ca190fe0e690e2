import EventhosCore
import EventhosJSON
import EventhosStore
import Foundation
import Logging
import Testing

/// Several instances on one virtual host and one PostgreSQL store: competing consumers, the
/// registry live on all of them, nothing lost when one dies.
@Suite("Several instances", .serialized)
struct SeveralInstancesTests {
    /// Two running instances of one registry, A (index 0) and B (index 1).
    struct TwoInstances {
        let subscriber: TestSubscriber
        /// The `store` section they share.
        let store: String
        let bridges: [TestBridge]
        let processes: [EventhosProcess]
        /// Their base URLs, once both answered ready.
        let bases: [String]

        var a: TestBridge { bridges[0] }
    }

    @Test("kill -9 of one of two instances mid-load: every 202 has one received_event row and every delivery completes")
    func killOneOfTwo() async throws {
        try await Self.withTwoInstances { two in
            let a = two.a
            two.subscriber.delayAnswers(by: .milliseconds(20))
            var accepted: [String] = []
            for id in 1...120 {
                if id == 60 {
                    two.processes[0].kill()
                }
                // Alternating, as a load balancer would, until A dies; then to B alone (a connection
                // to a dead port is retried by the HTTP client until its deadline).
                let base = id < 60 ? two.bases[id % 2] : two.bases[1]
                let answer = try? await HTTP.post(
                    base + "/event/send?event-identifier=\(a.event)", body: #"{"id": \#(id), "name": "n"}"#,
                    headers: [("access-key", a.key)])
                if let answer, answer.status == 202, let id = answer.json?["receivedEventId"]?.stringValue {
                    accepted.append(id)
                }
            }
            #expect(await two.processes[0].exitStatus() != 0)
            #expect(accepted.count == 120, "answered 202: \(accepted.count) of 120")

            let audit = try await EventhosStore.open(configuration: two.bridges[1].configuration, logger: Logger(label: "test"))
            let unfinished = try await eventually(timeout: .seconds(60)) { () -> [String]? in
                var unfinished: [String] = []
                for id in accepted {
                    let executions = try await audit.executions(receivedEventId: id)
                    if try await audit.receivedEvent(id: id) == nil || executions.count != 1
                        || executions[0].state != .completed || executions[0].tries.isEmpty
                    {
                        unfinished.append(id)
                    }
                }
                return unfinished.isEmpty ? unfinished : nil
            }
            #expect(unfinished == [], "accepted events not completed: \(accepted.count)")
            let received = try await audit.receivedEvents(ReceivedEventQuery(event: a.event, limit: 1000))
            #expect(received.count == Set(received.map(\.id)).count)
            #expect(Set(received.map(\.id)).isSuperset(of: accepted))
            await audit.close()
        }
    }

    @Test("a contract created on instance A delivers through instance B within 2 s; an Idempotency-Key holds across both")
    func registryLiveEverywhere() async throws {
        try await Self.withTwoInstances { two in
            let (a, subscriber, baseA, baseB) = (two.a, two.subscriber, two.bases[0], two.bases[1])
            let admin = AdminClient(base: baseA, token: a.adminToken(.admin))
            let action = try await admin.post(
                "/actions",
                #"{"identifier": "\#(a.tag)-copy", "name": "Copy", "operation": "new", "subscriber": "\#(a.tag)-billing", "http": {"url": "\#(subscriber.url)/copies/${.body.id}", "timeout": "2s"}}"#)
            #expect(action.status == 201, "\(action.body)")
            let created = ContinuousClock.now
            let contract = try await admin.post(
                "/contracts", #"{"identifier": "\#(a.tag)-copy", "name": "Copy", "event": "\#(a.event)", "action": "\#(a.tag)-copy"}"#)
            #expect(contract.status == 201, "\(contract.body)")
            // Sent to B only. The broker routes B's events to the new queue as soon as A bound it, and
            // A's worker would deliver them: what shows B's own registry is the number of contracts
            // its 202 counts (its snapshot), then the delivery.
            let delivered = try await eventually(timeout: .seconds(10)) { () -> Duration? in
                let id = Int.random(in: 1_000...9_999)
                let answer = try await HTTP.post(
                    baseB + "/event/send?event-identifier=\(a.event)", body: #"{"id": \#(id), "name": "n"}"#,
                    headers: [("access-key", a.key)])
                guard answer.status == 202, answer.json?["contracts"] == .int(2) else { return nil }
                // `wait` returns what came within its timeout: empty when nothing did.
                let copies = try await subscriber.wait(for: "/copies/\(id)", timeout: .milliseconds(400))
                return copies.isEmpty ? nil : ContinuousClock.now - created
            }
            let took = try #require(delivered)
            #expect(took < .seconds(2), "B delivered the contract created on A after \(took)")

            let headers = [("access-key", a.key), ("Idempotency-Key", "once-\(a.tag)")]
            let path = "/event/send?event-identifier=\(a.event)"
            let sentToA = try await HTTP.post(baseA + path, body: #"{"id": 77, "name": "n"}"#, headers: headers)
            let sentToB = try await HTTP.post(baseB + path, body: #"{"id": 77, "name": "n"}"#, headers: headers)
            #expect(sentToA.status == 202 && sentToB.status == 202)
            #expect(sentToA.json?["receivedEventId"] == sentToB.json?["receivedEventId"])
            _ = try await subscriber.wait(for: "/accounts/77")
            _ = try await a.send(to: baseA, id: 78)
            _ = try await subscriber.wait(for: "/accounts/78")
            #expect(subscriber.requests(at: "/accounts/77").count == 1, "the key published twice")
        }
    }

    @Test("a contract added by eventhos apply delivers through the running instances within 2 s")
    func applyAnnounces() async throws {
        try await Self.withTwoInstances { two in
            let a = two.a
            let copies = (
                actions: """
                      - { identifier: "{tag}-copy", name: Copy, operation: new, subscriber: "{tag}-billing", http: { url: "\(two.subscriber.url)/copies/${.body.id}", timeout: 2s } }
                    """,
                contracts: """
                      - { identifier: "{tag}-to-copy", name: Copy, event: "{tag}-customer-created", action: "{tag}-copy" }
                    """
            )
            let changed = try TestBridge(
                subscriberURL: two.subscriber.url, brokerURL: a.configuration.broker.urls[0], store: two.store,
                sharing: a, instance: "\(a.tag)-apply", actions: copies.actions, contracts: copies.contracts)
            try FileManager.default.createDirectory(at: changed.directory, withIntermediateDirectories: true)
            let config = changed.directory.appendingPathComponent("eventhos.yaml")
            try changed.yaml.write(to: config, atomically: true, encoding: .utf8)
            let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("eventhos")
            let applied = await ChildProcess.run([
                "EVENTHOS_TEST_SECRET_KEY=secret-key-material-\(a.tag)",
                "EVENTHOS_TEST_POSTGRES_PASSWORD=\(TestPostgres.password)", executable.path, "apply", "--config", config.path,
            ])
            #expect(applied.status == 0, "\(applied.output)\(applied.errors)")
            let appliedAt = ContinuousClock.now
            let delivered = try await eventually(timeout: .seconds(10)) { () -> Duration? in
                let id = Int.random(in: 1_000...9_999)
                _ = try await a.send(to: two.bases[id % 2], id: id)
                let arrived = try await two.subscriber.wait(for: "/copies/\(id)", timeout: .milliseconds(400))
                return arrived.isEmpty ? nil : ContinuousClock.now - appliedAt
            }
            let took = try #require(delivered)
            #expect(took < .seconds(2), "the instances delivered the applied contract after \(took)")
        }
    }

    @Test("rateLimit 20/s holds for two instances together: no 21 deliveries within a second")
    func sharedRateLimit() async throws {
        try await Self.withTwoInstances(
            actions: { subscriber in
                """
                  - { identifier: "{tag}-limited", name: Limited, operation: new, subscriber: "{tag}-billing", http: { url: "\(subscriber.url)/limited", timeout: 5s }, rateLimit: 20/s }
                """
            },
            contracts: """
                  - { identifier: "{tag}-to-limited", name: Limited, event: "{tag}-customer-created", action: "{tag}-limited" }
                """
        ) { two in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in 0..<80 {
                    group.addTask { _ = try await two.a.send(to: two.bases[id % 2], id: id) }
                }
                try await group.waitForAll()
            }
            let arrivals = try await two.subscriber.wait(for: "/limited", count: 80, timeout: .seconds(30)).map(\.at).sorted()
            let span = arrivals[arrivals.count - 1] - arrivals[0]
            let rate = Double(arrivals.count - 1) / (Double(span.components.seconds) + Double(span.components.attoseconds) * 1e-18)
            // A request reaches the subscriber some milliseconds after its slot: 21 arrivals span 20
            // intervals of 50 ms, less the lateness of the first of them. On a busy 2-core machine
            // running two instances, a broker and PostgreSQL, a delivery was seen 265 ms late (the
            // first: 21 arrivals within 735 ms, 21.4/s over all 80). Two instances limiting on their
            // own would let 21 through in about 500 ms and 80 at about 40/s: the bounds below keep
            // that apart from a late delivery.
            for index in 20..<arrivals.count {
                #expect(
                    arrivals[index] - arrivals[index - 20] >= .milliseconds(650),
                    "21 deliveries within \(arrivals[index] - arrivals[index - 20]) (overall \(rate)/s)")
            }
            #expect(rate <= 24, "\(rate) deliveries per second for both instances together")
        }
    }

    @Test("PostgreSQL stopped and started again under load: every 202 is audited and delivered once it is back")
    func postgresRestart() async throws {
        try await Self.withTwoInstances { two in
            var accepted: [String] = []
            for id in 1...80 {
                if id == 30 {
                    try await TestPostgres.server("stop")
                }
                if id == 60 {
                    try await TestPostgres.server("start")
                }
                accepted.append(try await two.a.send(to: two.bases[id % 2], id: id))
            }
            let audit = try await EventhosStore.open(configuration: two.bridges[1].configuration, logger: Logger(label: "test"))
            let unfinished = try await eventually(timeout: .seconds(90)) { () -> [String]? in
                var unfinished: [String] = []
                for id in accepted where try await audit.executions(receivedEventId: id).first?.state != .completed {
                    unfinished.append(id)
                }
                return unfinished.isEmpty ? unfinished : nil
            }
            #expect(unfinished == [], "accepted events not completed after the restart")
            let received = try await audit.receivedEvents(ReceivedEventQuery(event: two.a.event, limit: 1000))
            #expect(Set(received.map(\.id)) == Set(accepted))
            await audit.close()
        }
    }

    @Test("a second instance with a SQLite store on the same virtual host exits non-zero and says to use PostgreSQL")
    func sqliteGuard() async throws {
        try await RabbitMQCtl.withVirtualHost { brokerURL in
            try await withSubscriber { subscriber in
                let a = try TestBridge(subscriberURL: subscriber.url, brokerURL: brokerURL)
                let b = try TestBridge(subscriberURL: subscriber.url, brokerURL: brokerURL, sharing: a, instance: "\(a.tag)-b")
                try await a.run { _ in
                    let second = try EventhosProcess(b)
                    let status = await second.exitStatus()
                    #expect(status != 0)
                    let said = second.logLines.map { $0.stringValue ?? "\($0)" }
                    #expect(said.contains { $0.contains("store.url") && $0.contains("SQLite store") }, "\(said.suffix(3))")
                }
            }
        }
    }

    /// Runs two `eventhos serve` processes of one registry (B takes A's tag) on a virtual host and a
    /// PostgreSQL database of their own, their actions calling a test subscriber; both get SIGTERM
    /// when `body` returns.
    static func withTwoInstances(
        queueType: String = "classic", actions: (TestSubscriber) -> String = { _ in "" }, contracts: String = "",
        _ body: (TwoInstances) async throws -> Void
    ) async throws {
        try await RabbitMQCtl.withVirtualHost { brokerURL in
            try await TestPostgres.withDatabase { store in
                try await withSubscriber { subscriber in
                    let a = try TestBridge(
                        subscriberURL: subscriber.url, brokerURL: brokerURL, queueType: queueType, store: store,
                        actions: actions(subscriber), contracts: contracts)
                    let b = try TestBridge(
                        subscriberURL: subscriber.url, brokerURL: brokerURL, queueType: queueType, store: store, sharing: a,
                        instance: "\(a.tag)-b", actions: actions(subscriber), contracts: contracts)
                    let processes = [try EventhosProcess(a), try EventhosProcess(b)]
                    defer {
                        for process in processes {
                            process.terminate()
                        }
                    }
                    let bases = [try await Self.ready(processes[0]), try await Self.ready(processes[1])]
                    try await body(TwoInstances(subscriber: subscriber, store: store, bridges: [a, b], processes: processes, bases: bases))
                }
            }
        }
    }

    /// The base URL of an instance once it answers ready.
    static func ready(_ process: EventhosProcess) async throws -> String {
        let base = try await process.baseURL()
        let ready = try await eventually(timeout: .seconds(30)) {
            try? await HTTP.get(base + "/health/ready").status == 200 ? true : nil
        }
        try #require(ready == true, "not ready: \(process.logLines.suffix(5))")
        return base
    }
}
