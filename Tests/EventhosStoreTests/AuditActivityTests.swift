import Foundation
import GRDB
import Testing

@testable import EventhosStore

/// The overview's counts and chart series, and the log's id filter, on a real SQLite file.
@Suite struct AuditActivityTests {
    /// 12:30:20.500 UTC on some day: the window of the last hour ends at 12:31 and starts at 11:31.
    static let now = Date(timeIntervalSince1970: 1_800_000_000 - 1_800_000_000.truncatingRemainder(dividingBy: 3600) + 1820.5)

    static func minutes(_ offset: Double) -> Date { now.addingTimeInterval(offset * 60) }

    @Test(arguments: StoreBackend.allCases) func countsAndBucketsCoverTheLastHourOnly(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            var records: [AuditRecord] = []
            // Received: 2 now, 1 ten minutes ago, 1 just inside the window's start, 1 before it.
            for (index, offset) in [0.0, 0.1, -10, -59.3, -61].enumerated() {
                records.append(.received(Fixtures.received("evt-\(index)", at: Self.minutes(offset))))
            }
            records += [
                .tried(Fixtures.tried("evt-0", attempt: 1, state: .completed, outcome: .success, status: 200, at: Self.minutes(0))),
                .tried(Fixtures.tried("evt-1", attempt: 1, state: .error, outcome: .failed, status: 400, at: Self.minutes(-10))),
                .tried(Fixtures.tried("evt-2", attempt: 1, state: .retrying, outcome: .retryable, at: Self.minutes(-5))),
                .tried(Fixtures.tried("evt-4", attempt: 1, state: .completed, outcome: .success, status: 200, at: Self.minutes(-70))),
            ]
            try await store.write(records)

            let activity = try await store.activity(lastMinutes: 60, bucketMinutes: 1, now: Self.now)
            #expect(activity.buckets.count == 60)
            #expect(activity.end == Self.now.addingTimeInterval(39.5))
            #expect(activity.total == .init(received: 4, delivered: 1, failed: 1), "retrying counts neither way; older rows are out")
            #expect(activity.buckets[59] == .init(received: 2, delivered: 1, failed: 0), "the current minute is the last bucket")
            #expect(activity.buckets[49] == .init(received: 1, delivered: 0, failed: 1))
            #expect(activity.buckets[0] == .init(received: 1, delivered: 0, failed: 0), "11:31:02 is in the first minute")

            let coarse = try await store.activity(lastMinutes: 60, bucketMinutes: 5, now: Self.now)
            #expect(coarse.buckets.count == 12)
            #expect(coarse.total == activity.total)
            #expect(coarse.buckets[11] == .init(received: 2, delivered: 1, failed: 0))
            #expect(coarse.buckets[9] == .init(received: 1, delivered: 0, failed: 1), "12:20 falls in 12:16..<12:21")
        }
    }

    @Test(arguments: StoreBackend.allCases) func anEmptyStoreHasEmptyBuckets(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let activity = try await temporary.open().activity(lastMinutes: 60, bucketMinutes: 5, now: Self.now)
            #expect(activity.buckets == Array(repeating: .init(), count: 12))
        }
    }

    @Test(arguments: [StoreBackend.sqlite]) func theActivityQueriesReadTheirIndexes(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            let plans = try await store.sqlitePool.read { db in
                try [EventhosStore.receivedPerMinute, EventhosStore.executionsEndedPerMinute].map { sql in
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: ["a", "b"])
                        .map { $0["detail"] as String }.joined(separator: "; ")
                }
            }
            #expect(plans[0].contains("USING COVERING INDEX received_event_received_at"), "\(plans[0])")
            #expect(plans[1].contains("USING INDEX contract_exc_detail_updated_at"), "\(plans[1])")
        }
    }

    @Test(arguments: StoreBackend.allCases) func theLogFiltersByReceivedEventId(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            try await store.write((1...3).map { .received(Fixtures.received("evt-\($0)")) })
            await #expect(try store.receivedEvents(ReceivedEventQuery(id: "evt-2")).map(\.id) == ["evt-2"])
            await #expect(try store.receivedEvents(ReceivedEventQuery(id: "evt-2", producer: "billing")).isEmpty)
            await #expect(try store.receivedEvents(ReceivedEventQuery(id: "evt")).isEmpty, "an id is matched whole")
        }
    }
}
