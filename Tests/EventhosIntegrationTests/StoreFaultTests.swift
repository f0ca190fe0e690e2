import EventhosEngine
import EventhosJSON
import Foundation
import GRDB
import Subprocess
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

                try await lock.release()
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

/// Another process holding the store's write lock: `sqlite3` in an exclusive transaction, run by
/// swift-subprocess in a task of its own until ``release()``.
private final class StoreLock: Sendable {
    private let releasing: AsyncStream<Void>.Continuation
    private let session: Task<Void, any Error>

    /// Returns once the lock is held.
    init(path: String) async throws {
        let (released, releasing) = AsyncStream.makeStream(of: Void.self)
        let (locked, lock) = AsyncStream.makeStream(of: Bool.self)
        self.releasing = releasing
        session = Task {
            defer { lock.finish() }
            _ = try await Subprocess.run(
                .name("sqlite3"), arguments: [path], input: .inputWriter, output: .sequence, error: .discarded
            ) { execution in
                _ = try await execution.standardInputWriter.write("BEGIN EXCLUSIVE;\nSELECT 'locked';\n")
                var held = false
                for try await line in execution.standardOutput.strings() where line.contains("locked") {
                    held = true
                    break
                }
                lock.yield(held)
                for await _ in released { break }
                _ = try await execution.standardInputWriter.write("ROLLBACK;\n.quit\n")
                try await execution.standardInputWriter.finish()
            }
        }
        let held = await locked.first { _ in true } ?? false
        #expect(held, "sqlite3 did not take the lock")
    }

    /// A test that ends early leaves no `sqlite3` behind.
    deinit {
        releasing.finish()
    }

    /// Rolls the transaction back and waits for `sqlite3` to exit.
    func release() async throws {
        releasing.yield()
        releasing.finish()
        try await session.value
    }
}
