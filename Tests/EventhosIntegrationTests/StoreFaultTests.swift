import EventhosEngine
import EventhosJSON
import Foundation
import GRDB
import Testing

/// A store that cannot be written (locked by another process) makes the bridge not ready, and
/// loses nothing: audit messages are acknowledged only after their batch committed.
@Suite("Store faults", .serialized)
struct StoreFaultTests {
    @Test("a locked store: ready false naming the store, audit retried from the broker and written once it is free")
    func lockedStore() async throws {
        try await withIsolatedBridge { subscriber, bridge in
            try await bridge.run { base in
                let lock = try await StoreLock(path: bridge.storePath)
                let answer = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 41}"#,
                    headers: [("access-key", bridge.key)])
                #expect(answer.status == 202, "ingest does not need the store")
                let id = try #require(answer.json?["receivedEventId"]?.stringValue)
                let ready = try await HTTP.get(base + "/health/ready")
                #expect(ready.status == 503)
                #expect(ready.json?["components"]?["store"] == .string("unwritable"))
                #expect(ready.json?["details"]?["store"]?.stringValue?.contains("locked") == true, "\(ready.body)")
                // The try happened, but neither it nor the received event could be recorded.
                _ = try await subscriber.wait(for: "/accounts/41")
                let audit = AuditReader(path: bridge.storePath)
                #expect(try audit.rows("SELECT id FROM received_event WHERE id = ?", [id]).isEmpty)
                let failed = try await eventually(timeout: .seconds(15)) { () async throws -> Double? in
                    let value = MetricsText(try await HTTP.get(base + "/metrics").body)
                        .value(BridgeMetrics.Name.auditFailedBatches) ?? 0
                    return value > 0 ? value : nil
                }
                #expect(failed != nil, "no failed audit batch was counted")

                lock.release()
                let stored = try await eventually(timeout: .seconds(30)) {
                    try audit.rows("SELECT id FROM received_event WHERE id = ?", [id]).isEmpty ? nil : true
                }
                #expect(stored == true, "the received event was lost")
                let done = try await eventually(timeout: .seconds(30)) {
                    try audit.execution(id).flatMap { $0.state == "COMPLETED" ? $0 : nil }
                }
                #expect(done != nil, "the try was never recorded")
                #expect(try await HTTP.get(base + "/health/ready").status == 200)
            }
        }
    }
}

/// Another process holding the store's write lock: `sqlite3` in an exclusive transaction.
private final class StoreLock {
    private let process = Process()
    private let input = Pipe()

    /// Returns once the lock is held.
    init(path: String) async throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", path]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("BEGIN EXCLUSIVE;\nSELECT 'locked';\n".utf8))
        let answer = await Task.detached { output.fileHandleForReading.availableData }.value
        #expect(String(decoding: answer, as: UTF8.self).contains("locked"), "sqlite3 did not take the lock")
    }

    func release() {
        input.fileHandleForWriting.write(Data("ROLLBACK;\n.quit\n".utf8))
        process.waitUntilExit()
    }
}
