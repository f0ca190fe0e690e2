import EventhosJSON
import Foundation
import GRDB
import NIOHTTP1
import Synchronization
import Testing

/// SIGTERM to a real `eventhos serve` under load (spec §8).
@Suite("Graceful shutdown", .serialized)
struct GracefulShutdownTests {
    @Test("SIGTERM under load: exit 0, no false 2xx, no accepted event lost, no delivery repeated, no half-recorded try")
    func sigtermUnderLoad() async throws {
        try await withIsolatedBridge { subscriber, bridge in
            subscriber.delayAnswers(by: .milliseconds(200))
            let process = try EventhosProcess(bridge)
            let base = try await process.baseURL()
            let ready = try await eventually(timeout: .seconds(30)) {
                try? await HTTP.get(base + "/health/ready").status == 200 ? true : nil
            }
            try #require(ready == true, "not ready: \(process.logLines)")

            let signalled = Moment()
            let (outcomes, status) = try await withThrowingTaskGroup(of: [Outcome].self) { group in
                for producer in 0..<8 {
                    group.addTask {
                        try await Self.load(base: base, bridge: bridge, producer: producer, signalled: signalled)
                    }
                }
                try await Task.sleep(for: .seconds(1))
                signalled.mark()
                process.terminate()
                let status = await process.exitStatus()
                let shutdown = ContinuousClock.now - (signalled.instant ?? .now)
                print("eventhos exited \(shutdown) after SIGTERM under load")
                return (try await group.reduce(into: []) { $0 += $1 }, status)
            }
            #expect(status == 0, "exit status \(status): \(process.logLines.suffix(10))")

            let accepted = outcomes.compactMap(\.acceptedID)
            #expect(accepted.count > 20, "too little load: \(outcomes.count) requests")
            for outcome in outcomes {
                if case .answered(let code, _, let retryAfter) = outcome, code != 202 {
                    #expect(code == 503 && retryAfter != nil, "unexpected \(code) (Retry-After \(retryAfter ?? "-"))")
                }
                if case .refused(let afterSignal) = outcome, !afterSignal {
                    Issue.record("a request failed before SIGTERM")
                }
            }
            // The shutdown order: consumers stop and finish their deliveries, then the broker connections close.
            let messages = process.messages
            let stopping = messages.firstIndex { $0.hasPrefix("consumers stopping") }
            let stopped = messages.firstIndex { $0.hasPrefix("consumers stopped: every delivery in flight finished") }
            let closed = messages.lastIndex { $0 == "AMQP connection closed" }
            #expect(stopping != nil && stopped != nil && closed != nil, "\(messages)")
            if let stopping, let stopped, let closed {
                #expect(stopping < stopped && stopped < closed, "\(messages)")
            }

            // Restart in-process: whatever was accepted and not yet delivered is still in the broker.
            try await bridge.run { _ in
                let audit = AuditReader(path: bridge.storePath)
                let completed = try await eventually(timeout: .seconds(30)) { () -> Int? in
                    let count = try accepted.filter { try audit.execution($0)?.state == "COMPLETED" }.count
                    return count == accepted.count ? count : nil
                }
                #expect(completed == accepted.count, "accepted \(accepted.count), completed \(completed ?? 0)")
                let audited = Set(try audit.rows("SELECT id FROM received_event").map { $0["id"] as String })
                let unaudited = Set(accepted).subtracting(audited)
                #expect(unaudited.isEmpty, "\(unaudited.count) accepted events not audited")
                let halfRecorded = try audit.rows(
                    """
                    SELECT d.received_event_id FROM contract_exc_detail d
                    WHERE d.attempts != (SELECT count(*) FROM contract_exc_try t WHERE t.contract_exc_detail_id = d.id)
                       OR NOT EXISTS (SELECT 1 FROM contract_exc_try t WHERE t.contract_exc_detail_id = d.id AND t.state = 'success')
                    """)
                #expect(halfRecorded.isEmpty, "executions whose tries are not all recorded: \(halfRecorded)")
                let delivered = subscriber.all.compactMap { $0.headers["eventhos-received-event-id"] }
                #expect(Set(accepted).isSubset(of: Set(delivered)))
                #expect(delivered.count == Set(delivered).count, "deliveries in flight at SIGTERM finished: none repeated")
            }
        }
    }

    enum Outcome: Sendable {
        case answered(status: Int, receivedEventId: String?, retryAfter: String?)
        /// The connection was refused or cut (`afterSignal`: once SIGTERM was sent).
        case refused(afterSignal: Bool)

        var acceptedID: String? {
            if case .answered(202, let id, _) = self { id } else { nil }
        }
    }

    /// One producer sending events one after the other until the server stops answering (bounded to 20 s).
    private static func load(
        base: String, bridge: TestBridge, producer: Int, signalled: Moment
    ) async throws -> [Outcome] {
        var outcomes: [Outcome] = []
        let deadline = ContinuousClock.now + .seconds(20)
        var index = 0
        while ContinuousClock.now < deadline {
            index += 1
            do {
                let answer = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)",
                    body: #"{"id": "\#(producer)-\#(index)", "name": "load"}"#, headers: [("access-key", bridge.key)])
                outcomes.append(
                    .answered(
                        status: answer.status, receivedEventId: answer.json?["receivedEventId"]?.stringValue,
                        retryAfter: answer.headers.first(name: "retry-after")))
            } catch {
                outcomes.append(.refused(afterSignal: signalled.instant != nil))
                break
            }
        }
        return outcomes
    }
}
