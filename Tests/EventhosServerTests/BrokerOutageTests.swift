import Foundation
import Synchronization
import Testing

/// A 2xx means the event is durably in the broker, even while the broker connection is cut.
@Suite("Broker outages", .serialized)
struct BrokerOutageTests {
    @Test("sends racing a cut connection get 202 or 503, and every 202 is delivered and audited")
    func noAcceptedEventLost() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let accepted = Mutex<[String]>([])
                let refused = Mutex(0)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<200 {
                        group.addTask {
                            let answer = try await HTTP.post(
                                base + "/event/send?event-identifier=\(bridge.event)",
                                body: #"{"id": \#(1000 + index), "name": "n\#(index)"}"#,
                                headers: [("access-key", bridge.key)])
                            switch answer.status {
                            case 202: accepted.withLock { $0.append(answer.json?["receivedEventId"]?.stringValue ?? "") }
                            case 503: refused.withLock { $0 += 1 }
                            default: Issue.record("unexpected \(answer.status): \(answer.body)")
                            }
                        }
                        if index == 50 {
                            try Broker.closeAllConnections()
                        }
                    }
                    try await group.waitForAll()
                }
                let ids = accepted.withLock { $0 }
                #expect(!ids.isEmpty)
                let audit = AuditReader(path: bridge.storePath)
                let stored = try await eventually(timeout: .seconds(30)) { () -> Int? in
                    let count = try audit.rows(
                        "SELECT count(*) AS n FROM contract_exc_detail WHERE state = 'COMPLETED'"
                    ).first?["n"] as Int? ?? 0
                    return count >= ids.count ? count : nil
                }
                #expect(stored == ids.count, "\(ids.count) accepted, \(refused.withLock { $0 }) refused")
                let delivered = Set(subscriber.all.compactMap { $0.headers["eventhos-received-event-id"] })
                #expect(Set(ids).isSubset(of: delivered))
                // The bridge came back by itself.
                let again = try await eventually(timeout: .seconds(20)) { () -> Int? in
                    let answer = try await HTTP.post(
                        base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 1, "name": "x"}"#,
                        headers: [("access-key", bridge.key)])
                    return answer.status == 202 ? 202 : nil
                }
                #expect(again == 202)
            }
        }
    }
}

/// Operator actions on the test broker, through `broker/ctl` (or `rabbitmqctl`).
enum Broker {
    static func closeAllConnections() throws {
        let ctl = ProcessInfo.processInfo.environment["EVENTHOS_RABBITMQCTL"] ?? "rabbitmqctl"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [ctl, "close_all_connections", "eventhos test: connection cut"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(ctl) close_all_connections failed")
    }
}
