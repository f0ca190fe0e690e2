import EventhosCore
import EventhosJSON
import EventhosStore
import Foundation
import GRDB
import Logging
import Testing

@testable import EventhosEngine

/// Order groups against the real broker, store and subscribers: contracts of one event with the
/// same `order` run in parallel, a higher order only once every lower-order contract completed
/// the received event, whatever happens in between (retries, a restart, a dead letter).
@Suite("Order groups", .serialized)
struct OrderGroupTests {
    @Test("order 0, then both order-1 contracts, then order 2, for every event, a retried order 0 included")
    func groupsRunInOrder() async throws {
        try await withSubscriber { subscriber in
            let bridge = try Self.bridge(subscriber, groups: ["first": 0, "second": 1, "second-too": 1, "third": 2])
            let ids = 1...3
            for id in ids {
                subscriber.script("/first/\(id)", [503, 200])  // order 0 completes only on its retry
            }
            try await bridge.run { base in
                let sent = try await ids.asyncMap { try await Self.send(bridge, base: base, id: $0) }
                let audit = AuditReader(path: bridge.storePath)
                for (id, receivedEventId) in zip(ids, sent) {
                    _ = try await subscriber.wait(for: "/third/\(id)")
                    let first = subscriber.requests(at: "/first/\(id)")
                    let second = subscriber.requests(at: "/second/\(id)") + subscriber.requests(at: "/second-too/\(id)")
                    let third = subscriber.requests(at: "/third/\(id)")
                    #expect(first.count == 2 && second.count == 2 && third.count == 1)
                    let firstDone = try #require(first.last).at
                    #expect(second.allSatisfy { $0.at > firstDone }, "order 1 started before order 0 completed")
                    #expect(third.allSatisfy { call in second.allSatisfy { $0.at < call.at } }, "order 2 started before order 1 completed")
                    let executions = try await eventually {
                        let rows = try Self.executions(audit, receivedEventId)
                        return rows.count == 4 && rows.values.allSatisfy { $0.state == "COMPLETED" } ? rows : nil
                    }
                    #expect(executions?.values.allSatisfy { $0.waitingFor == nil } == true)
                    #expect(executions?["\(bridge.tag)-second"]?.attempts == 1, "a wait spends no attempt")
                }
            }
        }
    }

    @Test("a dead-lettered order 0 holds order 1, which the audit says; after a redrive, order 1 completes")
    func deadLetterHolds() async throws {
        try await Self.withSecondHeld(id: 7) { subscriber, bridge, base, id in
            // The audit is written during the second wait, before that wait is counted.
            let waits = try await eventually { () async throws -> Double? in
                let text = MetricsText(try await HTTP.get(base + "/metrics").body)
                return text.value(BridgeMetrics.Name.orderWaits, ["contract": "\(bridge.tag)-second"]).flatMap { $0 >= 2 ? $0 : nil }
            }
            #expect(waits != nil, "every wait is counted")

            subscriber.script("/first/7", [200])
            let redriven = try await OperatorSession.run(configuration: bridge.configuration, logger: Self.quiet) {
                try await $0.deadLetters.redrive(contract: "\(bridge.tag)-first")
            }
            #expect(redriven == 1)
            let second = try await subscriber.wait(for: "/second/7", timeout: .seconds(45))
            #expect(second.count == 1)
            #expect(second.first?.headers["eventhos-attempt"] == "1")
            let firstDone = try #require(subscriber.requests(at: "/first/7").last).at
            #expect(second.allSatisfy { $0.at > firstDone })
            try await Self.expectSecondCompleted(bridge, id)
        }
    }

    @Test("deactivating a dead-lettered order 0 releases order 1: only active contracts hold the later groups")
    func deactivationReleases() async throws {
        try await Self.withSecondHeld(id: 8) { subscriber, bridge, base, id in
            let admin = AdminClient(base: base, token: bridge.adminToken(.admin))
            let deactivated = try await admin.put(
                "/contracts/\(bridge.tag)-first",
                #"{"name": "first", "event": "\#(bridge.tag)-ordered", "action": "\#(bridge.tag)-do-first", "order": 0, "active": false}"#)
            #expect(deactivated.status == 200, "\(deactivated.body)")
            #expect(try await subscriber.wait(for: "/second/8").count == 1)
            try await Self.expectSecondCompleted(bridge, id)
        }
    }

    @Test("kill -9 between the groups, then a restart: the later groups still wait for the earlier ones")
    func restartBetweenGroups() async throws {
        try await RabbitMQCtl.withVirtualHost { brokerURL in
            try await withSubscriber { subscriber in
                let bridge = try Self.bridge(
                    subscriber, groups: ["first": 0, "second": 1, "third": 2], brokerURL: brokerURL, queueType: "quorum",
                    retry: "{ maxAttempts: 5, backoff: [1s] }")
                let ids = 1...5
                for id in ids {
                    subscriber.script("/first/\(id)", [500, 200])
                }
                let process = try EventhosProcess(bridge)
                let base = try await process.baseURL()
                let ready = try await eventually(timeout: .seconds(30)) {
                    try? await HTTP.get(base + "/health/ready").status == 200 ? true : nil
                }
                try #require(ready == true, "not ready: \(process.logLines.suffix(5))")
                let sent = try await ids.asyncMap { try await Self.send(bridge, base: base, id: $0) }
                // Every order-0 try failed and is recorded: its retry waits a second in a delay queue, the later groups wait too.
                let audit = AuditReader(path: bridge.storePath)
                let firstTries = try await eventually {
                    try sent.allSatisfy { try Self.executions(audit, $0)["\(bridge.tag)-first"]?.state == "RETRYING" } ? true : nil
                }
                #expect(firstTries == true)
                process.kill()
                #expect(await process.exitStatus() != 0)
                #expect(subscriber.all.allSatisfy { $0.path.hasPrefix("/first/") }, "a later group ran before order 0 completed")
                #expect(subscriber.all.allSatisfy { $0.headers["eventhos-attempt"] == "1" }, "the kill came too late")

                try await bridge.run { _ in
                    for (id, receivedEventId) in zip(ids, sent) {
                        let done = try await eventually(timeout: .seconds(60)) {
                            let rows = try Self.executions(audit, receivedEventId)
                            return rows.count == 3 && rows.values.allSatisfy { $0.state == "COMPLETED" } ? rows : nil
                        }
                        #expect(done != nil, "event \(id) did not complete")
                        // The script answers 500, then 200: order 0 completed with its second call (a
                        // delivery redelivered after the kill may add a third, at least once).
                        let firstDone = try #require(subscriber.requests(at: "/first/\(id)").dropFirst().first)
                        let second = try #require(subscriber.requests(at: "/second/\(id)").first)
                        let third = try #require(subscriber.requests(at: "/third/\(id)").first)
                        #expect(firstDone.at < second.at && second.at < third.at)
                    }
                }
            }
        }
    }

    // MARK: - Support

    /// Runs a bridge with contracts `first` (order 0) and `second` (order 1), sends event `id`, which
    /// `first`'s subscriber refuses for good (400: dead-lettered), and checks that `second` waits for
    /// it, visibly in the audit, before `body` gets the subscriber, the bridge, its base URL and the receivedEventId.
    private static func withSecondHeld(
        id: Int, _ body: (TestSubscriber, TestBridge, String, String) async throws -> Void
    ) async throws {
        try await withSubscriber { subscriber in
            let bridge = try Self.bridge(subscriber, groups: ["first": 0, "second": 1])
            subscriber.script("/first/\(id)", [400])
            try await bridge.run { base in
                let receivedEventId = try await Self.send(bridge, base: base, id: id)
                let audit = AuditReader(path: bridge.storePath)
                let waiting = try await eventually {
                    try Self.executions(audit, receivedEventId)["\(bridge.tag)-second"].flatMap { $0.waitingFor == nil ? nil : $0 }
                }
                #expect(waiting?.state == "PROCESSING")
                #expect(waiting?.attempts == 0)
                #expect(waiting?.waitingFor == "\(bridge.tag)-first (order 0): ERROR (dead-lettered)")
                #expect(try Self.executions(audit, receivedEventId)["\(bridge.tag)-first"]?.state == "ERROR")
                #expect(subscriber.requests(at: "/second/\(id)").isEmpty)
                try await body(subscriber, bridge, base, receivedEventId)
            }
        }
    }

    /// Waits for `second`'s execution of `receivedEventId` to complete at its first attempt, no longer waiting.
    private static func expectSecondCompleted(_ bridge: TestBridge, _ receivedEventId: String) async throws {
        let audit = AuditReader(path: bridge.storePath)
        let done = try await eventually {
            try Self.executions(audit, receivedEventId)["\(bridge.tag)-second"].flatMap { $0.state == "COMPLETED" ? $0 : nil }
        }
        #expect(done?.attempts == 1)
        #expect(done?.waitingFor == nil)
    }

    private static var quiet: Logger {
        var logger = Logger(label: "operator")
        logger.logLevel = .warning
        return logger
    }

    /// A bridge whose event `{tag}-ordered` has one contract per group member, `{tag}-<name>`,
    /// calling `/<name>/<id>` on the subscriber.
    private static func bridge(
        _ subscriber: TestSubscriber, groups: [String: Int], brokerURL: String = TestBridge.brokerURL,
        queueType: String = "classic", retry: String = "{ maxAttempts: 3, backoff: [200ms] }"
    ) throws -> TestBridge {
        let members = groups.sorted { $0.key < $1.key }
        return try TestBridge(
            subscriberURL: subscriber.url, brokerURL: brokerURL, queueType: queueType, retry: retry,
            events: #"  - { identifier: "{tag}-ordered", name: Ordered, operation: process, producer: "{tag}-crm" }"#,
            actions: members.map { name, _ in
                #"  - { identifier: "{tag}-do-\#(name)", name: \#(name), operation: process, subscriber: "{tag}-billing", http: { url: "\#(subscriber.url)/\#(name)/${.body.id}" } }"#
            }.joined(separator: "\n"),
            contracts: members.map { name, order in
                #"  - { identifier: "{tag}-\#(name)", name: \#(name), event: "{tag}-ordered", action: "{tag}-do-\#(name)", order: \#(order) }"#
            }.joined(separator: "\n"))
    }

    private static func send(_ bridge: TestBridge, base: String, id: Int) async throws -> String {
        let answer = try await HTTP.post(
            base + "/event/send?event-identifier=\(bridge.tag)-ordered", body: #"{"id": \#(id)}"#, headers: [("access-key", bridge.key)])
        return try #require(answer.json?["receivedEventId"]?.stringValue, "\(answer.status) \(answer.body)")
    }

    struct Execution {
        var state: String
        var attempts: Int
        var waitingFor: String?
    }

    /// The executions of a received event, by contract.
    private static func executions(_ audit: AuditReader, _ receivedEventId: String) throws -> [String: Execution] {
        Dictionary(
            uniqueKeysWithValues: try audit.rows(
                """
                SELECT contract.identifier, d.state, d.attempts, d.waiting_for FROM contract_exc_detail d
                JOIN contract ON contract.id = d.contract_id WHERE d.received_event_id = ?
                """, [receivedEventId]
            ).map { ($0["identifier"], Execution(state: $0["state"], attempts: $0["attempts"], waitingFor: $0["waiting_for"])) })
    }
}

extension Sequence where Element: Sendable {
    /// The results of `transform` on each element, one after the other.
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self {
            results.append(try await transform(element))
        }
        return results
    }
}
