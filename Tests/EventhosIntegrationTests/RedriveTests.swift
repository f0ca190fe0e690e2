import AMQP
import EventhosCore
import EventhosJSON
import Foundation
import GRDB
import Logging
import NIOCore
import Testing

@testable import EventhosEngine

/// Operators' work on dead letters and stored events, through the library the CLI calls
/// (`OperatorSession`), against the real broker and store of a running bridge.
@Suite("Dead letters, redrive and replay", .serialized)
struct RedriveTests {
    @Test("a redriven message gets a fresh budget, its attempts keep counting, and it completes")
    func redriveCompletes() async throws {
        try await withSubscriber { subscriber in
            // Two failures exhaust the first budget; the redrive's first try fails too, and
            // only a fresh budget lets a fourth try happen.
            subscriber.script("/accounts/7", [503, 503, 503, 200])
            let bridge = try TestBridge(subscriberURL: subscriber.url, retry: "{ maxAttempts: 2, backoff: [100ms] }")
            try await bridge.run { base in
                let id = try await send(bridge, base: base, id: 7)
                let audit = AuditReader(path: bridge.storePath)
                let dead = try await eventually { try audit.execution(id).flatMap { $0.state == "ERROR" ? $0 : nil } }
                #expect(dead?.attempts == 2)
                let depth = try await session(bridge) { session in
                    try await eventually { try await deadDepth(session, bridge) == 1 ? 1 : nil }
                }
                #expect(depth == 1)

                let shown = try await session(bridge) { try await $0.deadLetters.show(contract: bridge.contract) }
                #expect(shown.map(\.receivedEventId) == [id])
                #expect(shown.first?.attempts == 2)
                #expect(shown.first?.reason == "attempts-exhausted")
                #expect(shown.first?.lastStatus == 503)
                #expect(shown.first?.lastError == "HTTP 503")
                #expect(shown.first?.firstTryAt != nil && shown.first?.lastTryAt != nil)
                let listed = try await session(bridge) { try await $0.deadLetters.list() }
                #expect(listed.first { $0.contract == bridge.contract }?.depth == 1, "show must not consume")
                #expect(listed.first { $0.contract == bridge.contract }?.oldestLastTryAt == shown.first?.lastTryAt)

                let redriven = try await session(bridge) { try await $0.deadLetters.redrive(contract: bridge.contract) }
                #expect(redriven == 1)
                let done = try await eventually { try audit.execution(id).flatMap { $0.state == "COMPLETED" ? $0 : nil } }
                #expect(done?.attempts == 4)
                #expect(subscriber.requests(at: "/accounts/7").map { $0.headers["eventhos-attempt"] } == ["1", "2", "3", "4"])
                let tries = try audit.rows(
                    """
                    SELECT t.attempt, t.state FROM contract_exc_try t JOIN contract_exc_detail d ON t.contract_exc_detail_id = d.id
                    WHERE d.received_event_id = ? ORDER BY t.attempt
                    """, [id]
                ).map { "\($0["attempt"] as Int):\($0["state"] as String)" }
                #expect(tries == ["1:retryable", "2:retryable", "3:retryable", "4:success"])
                #expect(try await session(bridge) { try await deadDepth($0, bridge) } == 0)
            }
        }
    }

    @Test("purge empties a dead queue; an unknown contract is refused")
    func purge() async throws {
        try await withSubscriber { subscriber in
            subscriber.script("/accounts/3", [422])
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                for _ in 0..<3 {
                    _ = try await send(bridge, base: base, id: 3)
                }
                try await session(bridge) { session in
                    let depth = try await eventually { try await deadDepth(session, bridge) == 3 ? 3 : nil }
                    #expect(depth == 3)
                    #expect(try await session.deadLetters.show(contract: bridge.contract, limit: 2).count == 2)
                    #expect(try await session.deadLetters.purge(contract: bridge.contract) == 3)
                    #expect(try await deadDepth(session, bridge) == 0)
                    await #expect(throws: OperationError.unknownContract("nope")) {
                        try await session.deadLetters.redrive(contract: "nope")
                    }
                }
            }
        }
    }

    @Test("replaying a completed event makes a new try of the same execution")
    func replay() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let id = try await send(bridge, base: base, id: 4, headers: [("x-request-id", "r-4")])
                let audit = AuditReader(path: bridge.storePath)
                _ = try await eventually { try audit.execution(id).flatMap { $0.state == "COMPLETED" ? $0 : nil } }
                _ = try await eventually { try audit.rows("SELECT id FROM received_event WHERE id = ?", [id]).first }

                let deliveries = try await session(bridge) { try await $0.replay.replay(receivedEventId: id) }
                #expect(deliveries == [EventReplay.Delivery(contract: bridge.contract, attempt: 2)])
                let requests = try await subscriber.wait(for: "/accounts/4", count: 2)
                #expect(requests.map { $0.headers["eventhos-attempt"] } == ["1", "2"])
                #expect(requests[1].body == requests[0].body)
                #expect(requests[1].headers["x-source"] == "r-4")
                #expect(requests[1].headers["idempotency-key"] == requests[0].headers["idempotency-key"])
                let done = try await eventually { try audit.execution(id).flatMap { $0.attempts == 2 ? $0 : nil } }
                #expect(done?.state == "COMPLETED")

                try await session(bridge) { session in
                    await #expect(throws: OperationError.self) { try await session.replay.replay(receivedEventId: "missing") }
                    await #expect(throws: OperationError.unknownContract("nope")) {
                        try await session.replay.replay(receivedEventId: id, contract: "nope")
                    }
                }
            }
        }
    }

    @Test("a replay begun while a try is in flight keeps both tries in the audit")
    func replayDuringATry() async throws {
        try await withSubscriber { subscriber in
            subscriber.delayAnswers(by: .seconds(1))
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let id = try await send(bridge, base: base, id: 5)
                let audit = AuditReader(path: bridge.storePath)
                _ = try await eventually { try audit.rows("SELECT id FROM received_event WHERE id = ?", [id]).first }

                // The first try has not answered yet, so the audit holds no try: the replay is numbered 1 too.
                let deliveries = try await session(bridge) { try await $0.replay.replay(receivedEventId: id) }
                #expect(deliveries == [EventReplay.Delivery(contract: bridge.contract, attempt: 1)])
                let requests = try await subscriber.wait(for: "/accounts/5", count: 2)
                #expect(requests.map { $0.headers["eventhos-attempt"] } == ["1", "1"])
                let done = try await eventually { try audit.execution(id).flatMap { $0.attempts == 2 ? $0 : nil } }
                #expect(done?.state == "COMPLETED")
                let tries = try audit.rows(
                    """
                    SELECT t.attempt, t.response_status FROM contract_exc_try t JOIN contract_exc_detail d ON t.contract_exc_detail_id = d.id
                    WHERE d.received_event_id = ? ORDER BY t.attempt
                    """, [id]
                ).map { "\($0["attempt"] as Int):\($0["response_status"] as Int)" }
                #expect(tries == ["1:200", "2:200"])
            }
        }
    }

    @Test("a redrive resets the budget headers and keeps the rest of the message")
    func redrivenProperties() {
        var properties = AMQPProperties(persistent: true)
        properties.messageId = "e1"
        properties.headers = [
            "eventhos-attempt": .int(3), "eventhos-attempts": .int(3), "eventhos-dead-reason": .string("attempts-exhausted"),
            "eventhos-first-try-at": .int(1), "eventhos-producer": .string("crm"),
        ]
        let redriven = DeadLetterOperations.redriven(properties, contract: "c1")
        #expect(redriven.messageId == "e1" && redriven.persistent)
        #expect(
            redriven.headers == [
                "eventhos-attempt": .int(4), "eventhos-budget-start": .int(4), "eventhos-contract": .string("c1"),
                "eventhos-first-try-at": .int(1), "eventhos-producer": .string("crm"),
            ])
        // A parked message that was never tried starts at attempt 1.
        #expect(DeadLetterOperations.redriven(AMQPProperties(), contract: "c1").headers["eventhos-attempt"] == .int(1))
    }

    private func send(
        _ bridge: TestBridge, base: String, id: Int, headers: [(String, String)] = []
    ) async throws -> String {
        let answer = try await HTTP.post(
            base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": \#(id), "name": "N"}"#,
            headers: [("access-key", bridge.key)] + headers)
        return try #require(answer.json?["receivedEventId"]?.stringValue, "\(answer.status) \(answer.body)")
    }

    private func deadDepth(_ session: OperatorSession, _ bridge: TestBridge) async throws -> Int? {
        try await session.deadLetters.list().first { $0.contract == bridge.contract }?.depth
    }

    private func session<Result: Sendable>(
        _ bridge: TestBridge, _ body: (OperatorSession) async throws -> Result
    ) async throws -> Result {
        var logger = Logger(label: "operator")
        logger.logLevel = .warning
        return try await OperatorSession.run(configuration: bridge.configuration, logger: logger, body)
    }
}
