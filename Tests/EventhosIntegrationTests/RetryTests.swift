import AMQP
import EventhosEngine
import EventhosJSON
import Foundation
import GRDB
import Logging
import NIOCore
import Testing

/// Failed tries go through the broker's delay queues and end in the contract's dead queue.
@Suite("Retries and dead letters", .serialized)
struct RetryTests {
    @Test("a retryable failure is tried again after the backoff, with a stable idempotency key")
    func retryThenSuccess() async throws {
        try await withSubscriber { subscriber in
            subscriber.script("/accounts/9", [500, 503, 200])
            let bridge = try TestBridge(subscriberURL: subscriber.url, retry: "{ maxAttempts: 5, backoff: [200ms, 300ms] }")
            try await bridge.run { base in
                let answer = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 9, "name": "C"}"#,
                    headers: [("access-key", bridge.key)])
                let id = try #require(answer.json?["receivedEventId"]?.stringValue)
                let tries = try await subscriber.wait(for: "/accounts/9", count: 3)
                #expect(tries.map { $0.headers["eventhos-attempt"] } == ["1", "2", "3"])
                #expect(Set(tries.map { $0.headers["idempotency-key"] }) == ["\(id).\(bridge.contract)"])
                let gaps = zip(tries, tries.dropFirst()).map { $1.at - $0.at }
                #expect(gaps.count == 2 && gaps[0] >= .milliseconds(180) && gaps[1] >= .milliseconds(280), "gaps \(gaps)")
                let audit = AuditReader(path: bridge.storePath)
                let done = try await eventually { try audit.execution(id).flatMap { $0.state == "COMPLETED" ? $0 : nil } }
                #expect(done?.attempts == 3)
                let states = try audit.rows(
                    """
                    SELECT t.state FROM contract_exc_try t JOIN contract_exc_detail d ON t.contract_exc_detail_id = d.id
                    WHERE d.received_event_id = ? ORDER BY t.attempt
                    """, [id]
                ).map { $0["state"] as String }
                #expect(states == ["retryable", "retryable", "success"])
            }
        }
    }

    @Test("a refused connection fails its try at once, recorded as a connection error; the timeout is for slow answers")
    func refusedConnectionFailsFast() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(
                subscriberURL: subscriber.url, retry: "{ maxAttempts: 2, backoff: [5s] }",
                actions: """
                      - { identifier: "{tag}-nowhere", name: Nowhere, operation: new, subscriber: "{tag}-billing", http: { url: "http://127.0.0.1:9/refused", timeout: 10s } }
                    """,
                contracts: """
                      - { identifier: "{tag}-to-nowhere", name: Nowhere, event: "{tag}-customer-created", action: "{tag}-nowhere" }
                    """)
            try await bridge.run { base in
                let sent = ContinuousClock.now
                let id = try await bridge.send(to: base, id: 5)
                let audit = AuditReader(path: bridge.storePath)
                let recorded = try await eventually(timeout: .seconds(15)) { () -> (took: Duration, error: String?)? in
                    let tries = try audit.rows(
                        """
                        SELECT t.error FROM contract_exc_try t JOIN contract_exc_detail d ON t.contract_exc_detail_id = d.id
                        JOIN contract c ON c.id = d.contract_id WHERE d.received_event_id = ? AND c.identifier = ?
                        """, [id, "\(bridge.tag)-to-nowhere"])
                    return tries.first.map { (ContinuousClock.now - sent, $0["error"]) }
                }
                let tried = try #require(recorded)
                #expect(tried.took < .seconds(1), "the refused try was recorded after \(tried.took)")
                #expect(tried.error?.lowercased().contains("refused") == true, "\(tried.error ?? "no error")")
            }
        }
    }

    @Test("Retry-After lengthens the delay, capped by the policy's longest")
    func retryAfterHonoured() async throws {
        try await withSubscriber { subscriber in
            subscriber.script("/accounts/11", [503, 200], retryAfter: "1")
            subscriber.script("/accounts/12", [503, 200], retryAfter: "3600")
            let bridge = try TestBridge(subscriberURL: subscriber.url, retry: "{ maxAttempts: 3, backoff: [100ms, 1s] }")
            try await bridge.run { base in
                for id in [11, 12] {
                    _ = try await HTTP.post(
                        base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": \#(id), "name": "R"}"#,
                        headers: [("access-key", bridge.key)])
                }
                for path in ["/accounts/11", "/accounts/12"] {
                    let tries = try await subscriber.wait(for: path, count: 2)
                    let gap = tries[1].at - tries[0].at
                    // 100 ms without the header; 1 s asked; 3600 s asked but capped at the longest delay, 1 s.
                    #expect(gap >= .milliseconds(950) && gap < .seconds(3), "\(path): gap \(gap)")
                }
            }
        }
    }

    @Test("a message that cannot be read is parked in the dead queue once, never requeued")
    func malformedParked() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let connection = AMQPConnection(
                    configuration: try AMQPConfiguration(urls: [TestBridge.brokerURL], connectionName: "eventhos test poison"),
                    logger: Logger(label: "poison"))
                let published = try await withRunningServices([connection]) {
                    let publisher = connection.makePublisher()
                    // No message_id, no source or producer header: not an Eventhos message.
                    return try await eventually { () async -> Bool? in
                        do {
                            try await publisher.publish(
                                exchange: "", routingKey: "eventhos.contract.\(bridge.contract)", body: ByteBuffer(string: "{}"),
                                properties: AMQPProperties(persistent: true), mandatory: true)
                            return true
                        } catch {
                            return nil  // not connected yet
                        }
                    }
                }
                #expect(published == true)
                let letters = try await OperatorSession.run(configuration: bridge.configuration, logger: Logger(label: "operator")) {
                    session in
                    try await eventually { () async throws -> [DeadLetter]? in
                        let letters = try await session.deadLetters.show(contract: bridge.contract)
                        return letters.isEmpty ? nil : letters
                    }
                }
                #expect(letters?.map(\.reason) == ["malformed-message"])
                #expect(letters?.first?.lastError == "message lacks eventhos-source")
                #expect(subscriber.all.isEmpty)
            }
        }
    }

    @Test("a permanent failure goes to the dead queue at once, with the error in its headers")
    func permanentFailure() async throws {
        try await assertDeadLettered(statuses: [422], expectedTries: 1, reason: "permanent-failure")
    }

    @Test("a failure on every attempt ends in the dead queue")
    func attemptsExhausted() async throws {
        try await assertDeadLettered(statuses: [503], expectedTries: 3, reason: "attempts-exhausted")
    }

    private func assertDeadLettered(statuses: [Int], expectedTries: Int, reason: String) async throws {
        try await withSubscriber { subscriber in
            subscriber.script("/accounts/5", statuses)
            let bridge = try TestBridge(subscriberURL: subscriber.url, retry: "{ maxAttempts: 3, backoff: [100ms] }")
            try await bridge.run { base in
                let answer = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 5, "name": "D"}"#,
                    headers: [("access-key", bridge.key)])
                let id = try #require(answer.json?["receivedEventId"]?.stringValue)
                let audit = AuditReader(path: bridge.storePath)
                let failed = try await eventually { try audit.execution(id).flatMap { $0.state == "ERROR" ? $0 : nil } }
                #expect(failed?.attempts == expectedTries)
                #expect(subscriber.requests(at: "/accounts/5").count == expectedTries)
                let dead = try await BrokerProbe.get(queue: "eventhos.contract.\(bridge.contract).dead")
                #expect(dead?.properties.messageId == id)
                #expect(dead?.properties.headers["eventhos-dead-reason"] == .string(reason))
                #expect(dead?.properties.headers["eventhos-last-status"] == .int(Int64(statuses[0])))
                #expect(dead?.properties.headers["eventhos-attempts"] == .int(Int64(expectedTries)))
            }
        }
    }
}
