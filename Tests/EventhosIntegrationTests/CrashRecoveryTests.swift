import EventhosJSON
import Foundation
import Testing

/// State lives in the broker and the store: a `kill -9` between tries loses no accepted event.
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    @Test("kill -9 while events wait in the delay queues, then a restart: every accepted event completes")
    func killBetweenTries() async throws {
        try await RabbitMQCtl.withVirtualHost { brokerURL in
            try await withSubscriber { subscriber in
                let bridge = try TestBridge(
                    subscriberURL: subscriber.url, brokerURL: brokerURL, queueType: "quorum",
                    retry: "{ maxAttempts: 5, backoff: [2s] }")
                let ids = 1...20
                for id in ids {
                    subscriber.script("/accounts/\(id)", [500, 200])
                }
                let process = try EventhosProcess(bridge)
                let base = try await process.baseURL()
                let ready = try await eventually(timeout: .seconds(30)) {
                    try? await HTTP.get(base + "/health/ready").status == 200 ? true : nil
                }
                try #require(ready == true, "not ready: \(process.logLines.suffix(5))")
                var accepted: [String] = []
                for id in ids {
                    let answer = try await HTTP.post(
                        base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": \#(id), "name": "n"}"#,
                        headers: [("access-key", bridge.key)])
                    #expect(answer.status == 202)
                    accepted += answer.json?["receivedEventId"]?.stringValue.map { [$0] } ?? []
                }
                // Every first try failed and is recorded: the messages now wait in the delay queue. (The
                // subscriber having seen the first tries is not enough: a try not yet recorded and acked
                // when the process dies is delivered again after the restart, under the same attempt.)
                let audit = AuditReader(path: bridge.storePath)
                let waiting = try await eventually { () -> Bool? in
                    try accepted.allSatisfy { try audit.execution($0)?.state == "RETRYING" } ? true : nil
                }
                #expect(waiting == true)
                try await Task.sleep(for: .milliseconds(200))  // lets the acks of the recorded tries leave
                process.kill()
                #expect(await process.exitStatus() != 0)
                #expect(subscriber.all.filter { $0.headers["eventhos-attempt"] == "2" }.isEmpty, "the kill came too late")

                try await bridge.run { _ in
                    let completed = try await eventually(timeout: .seconds(30)) { () -> Int? in
                        let count = try accepted.filter { try audit.execution($0)?.state == "COMPLETED" }.count
                        return count == accepted.count ? count : nil
                    }
                    #expect(completed == accepted.count)
                }
                for id in ids {
                    let tries = subscriber.requests(at: "/accounts/\(id)")
                    #expect(tries.last?.headers["eventhos-attempt"] == "2", "/accounts/\(id): \(tries.count) tries")
                }
            }
        }
    }
}
