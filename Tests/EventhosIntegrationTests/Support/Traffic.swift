import EventhosJSON
import NIOHTTP1
import Synchronization
import Testing

/// Producers sending events without pause and a probe polling readiness, while a fault happens.
final class Traffic: Sendable {
    let base: String
    let bridge: TestBridge
    private let state = Mutex(State())

    private struct State {
        var answers: [HTTP.Answer] = []
        var readiness: [Int] = []
        var stop = false
        var sent = 0
    }

    init(base: String, bridge: TestBridge) {
        self.base = base
        self.bridge = bridge
    }

    /// The receivedEventIds of the events answered 202.
    var accepted: [String] {
        state.withLock { $0.answers }.filter { $0.status == 202 }.compactMap { $0.json?["receivedEventId"]?.stringValue }
    }

    /// The statuses of `/health/ready`, in order, without repeats.
    var readiness: [Int] { state.withLock { $0.readiness } }

    /// Runs four producers and the readiness probe while `fault` runs and until the bridge recovered,
    /// then one more second; returns how long after the end of `fault` ingest accepted again and
    /// readiness was true again.
    func recovery(from fault: @Sendable () async throws -> Void) async throws -> (accepting: Duration, ready: Duration) {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for producer in 0..<4 {
                group.addTask { try await self.produce(producer) }
            }
            group.addTask { try await self.probe() }
            do {
                try await fault()
                let recovery = try await waitForRecovery(after: .now)
                try await Task.sleep(for: .seconds(1))
                state.withLock { $0.stop = true }
                try await group.waitForAll()
                return recovery
            } catch {
                state.withLock { $0.stop = true }
                try? await group.waitForAll()
                throw error
            }
        }
    }

    private func waitForRecovery(after start: ContinuousClock.Instant) async throws -> (accepting: Duration, ready: Duration) {
        let accepting = try await eventually(timeout: .seconds(90)) { () -> ContinuousClock.Instant? in
            try await HTTP.post(
                base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": "probe"}"#,
                headers: [("access-key", bridge.key)]
            ).status == 202 ? .now : nil
        }
        let ready = try await eventually(timeout: .seconds(30)) { () -> ContinuousClock.Instant? in
            try await HTTP.get(base + "/health/ready").status == 200 ? .now : nil
        }
        return (try #require(accepting, "ingest never accepted again") - start, try #require(ready, "never ready again") - start)
    }

    /// Only 202 and 503 (with Retry-After) were answered, and every 202 was delivered and audited.
    /// - Parameter faultShows: whether the fault must have shown at ingest as a 503 (a cluster may
    ///   fail over without one).
    func expectHonestAnswersAndNothingLost(subscriber: TestSubscriber, faultShows: Bool = true) async throws {
        let answers = state.withLock { $0.answers }
        for answer in answers where answer.status != 202 {
            #expect(answer.status == 503, "unexpected \(answer.status): \(answer.body)")
            #expect(answer.headers.first(name: "retry-after") != nil, "a 503 without Retry-After")
        }
        #expect(!faultShows || answers.contains { $0.status == 503 }, "the fault never showed at ingest")
        let accepted = accepted
        #expect(accepted.count > 10, "too little traffic: \(answers.count) answers")
        let audit = AuditReader(path: bridge.storePath)
        let completed = try await eventually(timeout: .seconds(30)) { () -> Int? in
            let count = try accepted.filter { try audit.execution($0)?.state == "COMPLETED" }.count
            return count == accepted.count ? count : nil
        }
        #expect(completed == accepted.count, "\(accepted.count) accepted, \(completed ?? 0) completed")
        let delivered = Set(subscriber.all.compactMap { $0.headers["eventhos-received-event-id"] })
        #expect(Set(accepted).isSubset(of: delivered))
    }

    private func produce(_ producer: Int) async throws {
        while !state.withLock({ $0.stop }) {
            let index = state.withLock { state in
                state.sent += 1
                return state.sent
            }
            let answer = try await HTTP.post(
                base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": "\#(producer)-\#(index)"}"#,
                headers: [("access-key", bridge.key)])
            state.withLock { $0.answers.append(answer) }
            if answer.status != 202 {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    private func probe() async throws {
        while !state.withLock({ $0.stop }) {
            let status = try await HTTP.get(base + "/health/ready").status
            state.withLock { state in
                if state.readiness.last != status { state.readiness.append(status) }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
