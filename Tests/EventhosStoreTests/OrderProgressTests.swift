import Foundation
import GRDB
import Testing

@testable import EventhosStore

/// The reads and writes behind the order of contracts: where contracts stand with one received
/// event, and `contract_exc_detail.waiting_for`.
@Suite struct OrderProgressTests {
    @Test("progress: the state of each contract's execution, nil before its first try, unknown contracts left out", arguments: StoreBackend.allCases)
    func progress(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            #expect(try await store.progress(of: ["crm-to-billing", "nope"], receivedEventId: "evt-1").map(\.state) == [nil])
            try await store.write([.tried(Fixtures.tried("evt-1", attempt: 1, state: .error, outcome: .failed, status: 422))])
            try await store.write([.tried(Fixtures.tried("evt-2", attempt: 1, state: .completed, outcome: .success, status: 200))])
            let first = try await store.progress(of: ["crm-to-billing"], receivedEventId: "evt-1")
            #expect(first.map(\.contract) == ["crm-to-billing"])
            #expect(first.map(\.state) == [.error])
            #expect(try await store.progress(of: ["crm-to-billing"], receivedEventId: "evt-2").map(\.state) == [.completed])
            let created = try #require(first.first?.createdAt)
            #expect(abs(created.timeIntervalSinceNow) < 60)
            #expect(try await store.progress(of: [], receivedEventId: "evt-1").isEmpty)
        }
    }

    @Test("progress reads by index: no table is scanned", arguments: [StoreBackend.sqlite])
    func progressUsesIndexes(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            let plan = try await store.sqlitePool.read { db in
                try Row.fetchAll(
                    db,
                    sql: "EXPLAIN QUERY PLAN " + EventhosStore.progressQuery(contracts: 2), arguments: ["evt-1", "a", "b"]
                ).map { $0["detail"] as String }
            }
            #expect(plan.count == 2)
            #expect(plan.allSatisfy { $0.hasPrefix("SEARCH") }, "\(plan)")
        }
    }

    @Test("waiting_for: recorded before the first try as a PROCESSING execution with no attempt, cleared, kept off tries", arguments: StoreBackend.allCases)
    func waitingFor(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            let waiting = { (id: String) async throws -> [(state: String, attempts: Int, waitingFor: String?)] in
                try await store.database.read { db in
                    try db.rows("SELECT state, attempts, waiting_for FROM contract_exc_detail WHERE received_event_id = ?", [id])
                        .map { row in (try row["state"], try row["attempts"], try row["waiting_for"]) }
                }
            }
            try await store.recordWaiting(contract: "crm-to-billing", receivedEventId: "evt-1", waitingFor: "a (order 0): ERROR")
            try await store.recordWaiting(contract: "nope", receivedEventId: "evt-1", waitingFor: "ignored")
            var rows = try await waiting("evt-1")
            #expect(rows.count == 1)
            #expect(rows.first?.state == "PROCESSING")
            #expect(rows.first?.attempts == 0)
            #expect(rows.first?.waitingFor == "a (order 0): ERROR")
            #expect(try await store.progress(of: ["crm-to-billing"], receivedEventId: "evt-1").map(\.state) == [.processing])
            await #expect(try store.executions(receivedEventId: "evt-1").map(\.waitingFor) == ["a (order 0): ERROR"])

            try await store.clearWaiting(contract: "crm-to-billing", receivedEventId: "evt-1")
            try await store.write([.tried(Fixtures.tried("evt-1", attempt: 1, state: .completed, outcome: .success, status: 200))])
            rows = try await waiting("evt-1")
            #expect(rows.first?.state == "COMPLETED")
            #expect(rows.first?.attempts == 1)
            #expect(rows.first?.waitingFor == nil)
            await #expect(try store.executions(receivedEventId: "evt-1").map(\.waitingFor) == [nil])

            // A replayed delivery that waits keeps its execution's state; only waiting_for changes.
            try await store.recordWaiting(contract: "crm-to-billing", receivedEventId: "evt-1", waitingFor: "a (order 0): RETRYING")
            rows = try await waiting("evt-1")
            #expect(rows.first?.state == "COMPLETED")
            #expect(rows.first?.attempts == 1)
            #expect(rows.first?.waitingFor == "a (order 0): RETRYING")
        }
    }
}
