import EventhosCore
import EventhosJSON
import Foundation
import GRDB
import Testing

/// A 2xx means the event is durably in the broker, even while the broker connection is cut.
@Suite("Broker outages", .serialized)
struct BrokerOutageTests {
    @Test("sends racing a cut connection get 202 or 503, and every 202 is delivered and audited")
    func noAcceptedEventLost() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let answers = try await withThrowingTaskGroup(of: HTTP.Answer.self) { group in
                    for index in 0..<200 {
                        group.addTask {
                            try await HTTP.post(
                                base + "/event/send?event-identifier=\(bridge.event)",
                                body: #"{"id": \#(1000 + index), "name": "n\#(index)"}"#,
                                headers: [("access-key", bridge.key)])
                        }
                        if index == 50 {
                            let cut = try await RabbitMQCtl.closeConnections(
                                named: "eventhos \(bridge.configuration.instance.name) ")
                            #expect(cut >= 2, "the bridge's publish and consume connections")
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                for answer in answers where answer.status != 202 && answer.status != 503 {
                    Issue.record("unexpected \(answer.status): \(answer.body)")
                }
                let ids = answers.filter { $0.status == 202 }.compactMap { $0.json?["receivedEventId"]?.stringValue }
                let refused = answers.filter { $0.status == 503 }.count
                #expect(!ids.isEmpty)
                let audit = AuditReader(path: bridge.storePath)
                let stored = try await eventually(timeout: .seconds(30)) { () -> Int? in
                    let count = try audit.rows(
                        "SELECT count(*) AS n FROM contract_exc_detail WHERE state = 'COMPLETED'"
                    ).first?["n"] as Int? ?? 0
                    return count >= ids.count ? count : nil
                }
                #expect(stored == ids.count, "\(ids.count) accepted, \(refused) refused")
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
