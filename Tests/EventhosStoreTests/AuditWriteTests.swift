import Foundation
import GRDB
import Testing

@testable import EventhosStore

@Suite struct AuditWriteTests {
    @Test(arguments: StoreBackend.allCases) func receivedEventsAreWrittenOncePerId(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            let event = Fixtures.received("evt-1", at: Date(timeIntervalSince1970: 1_800_000_000.123))
            try await store.write([.received(event), .received(event)])
            var redelivered = event
            redelivered.body = "{}"
            try await store.write([.received(redelivered)])

            await #expect(try store.receivedEvent(id: "evt-1") == event)
            await #expect(try store.receivedEvent(id: "missing") == nil)
            let count: Int? = try await store.scalar("SELECT count(*) FROM received_event")
            let eventId: Int64? = try await store.scalar("SELECT event_id FROM received_event")
            #expect(count == 1)
            #expect(eventId != nil, "a known event is linked to its registry row")
        }
    }

    @Test(arguments: StoreBackend.allCases) func unknownEventsAreKeptWithoutALink(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            var event = Fixtures.received("evt-unknown")
            event.eventIdentifier = "no-such-event"
            event.producer = nil
            event.state = .rejected
            event.rejectReason = "unknown event"
            try await store.write([.received(event)])
            await #expect(try store.receivedEvent(id: "evt-unknown") == event)
        }
    }

    @Test(arguments: StoreBackend.allCases) func triesUpsertTheirExecutionAcrossAttempts(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            try await store.write([.tried(Fixtures.tried("evt-1", attempt: 1, state: .retrying, outcome: .retryable))])
            try await store.write([
                .tried(Fixtures.tried("evt-1", attempt: 2, state: .retrying, outcome: .retryable)),
                .tried(Fixtures.tried("evt-1", attempt: 3, state: .completed, outcome: .success, status: 201)),
            ])
            // A redelivered audit message of attempt 1 neither adds a try nor rewinds the state.
            try await store.write([.tried(Fixtures.tried("evt-1", attempt: 1, state: .processing, outcome: .failed))])

            let executions = try await store.executions(receivedEventId: "evt-1")
            #expect(executions.count == 1)
            let execution = try #require(executions.first)
            #expect(execution.contract == "crm-to-billing")
            #expect(execution.attempts == 3)
            #expect(execution.state == .completed)
            #expect(execution.tries.map(\.attempt) == [1, 2, 3])
            #expect(execution.tries.map(\.outcome) == [.retryable, .retryable, .success])
            let first = execution.tries[0]
            let recorded = Fixtures.tried("evt-1", attempt: 1, state: .retrying, outcome: .retryable)
            #expect(first.request == recorded.request)
            #expect(first.response == recorded.response)
            #expect(first.warnings == recorded.warnings)
            #expect(first.durationMilliseconds == 125)
            #expect(execution.tries[2].response?.status == 201)
        }
    }

    @Test(arguments: StoreBackend.allCases) func aTryWhoseAttemptIsTakenIsWrittenAsTheNextAttempt(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            let later = Fixtures.epoch.addingTimeInterval(10)
            try await store.write([
                .tried(Fixtures.tried("evt-1", attempt: 1, state: .retrying, outcome: .retryable)),
                .tried(Fixtures.tried("evt-1", attempt: 2, state: .retrying, outcome: .retryable)),
            ])
            // A replay begun while attempt 2 was in flight was numbered 2 too; it started later.
            try await store.write([.tried(Fixtures.tried("evt-1", attempt: 2, state: .completed, outcome: .success, status: 200, at: later))])
            // Its audit message, delivered again, is the same try: no fourth row.
            try await store.write([.tried(Fixtures.tried("evt-1", attempt: 2, state: .completed, outcome: .success, status: 200, at: later))])

            let execution = try #require(try await store.executions(receivedEventId: "evt-1").first)
            #expect(execution.tries.map(\.attempt) == [1, 2, 3])
            #expect(execution.tries.map(\.outcome) == [.retryable, .retryable, .success])
            #expect(execution.tries[2].executedAt == later)
            #expect(execution.attempts == 3)
            #expect(execution.state == .completed)
        }
    }

    @Test(arguments: StoreBackend.allCases) func twoTriesOfOneAttemptInOneBatchKeepBothRows(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            let later = Fixtures.epoch.addingTimeInterval(1)
            try await store.write([
                .tried(Fixtures.tried("evt-1", attempt: 1, state: .retrying, outcome: .retryable)),
                .tried(Fixtures.tried("evt-1", attempt: 1, state: .retrying, outcome: .retryable)),
                .tried(Fixtures.tried("evt-1", attempt: 1, state: .completed, outcome: .success, status: 200, at: later)),
            ])

            let execution = try #require(try await store.executions(receivedEventId: "evt-1").first)
            #expect(execution.tries.map(\.attempt) == [1, 2])
            #expect(execution.tries.map(\.executedAt) == [Fixtures.epoch, later])
            #expect(execution.attempts == 2)
            #expect(execution.state == .completed)
        }
    }

    @Test(arguments: StoreBackend.allCases) func triesOfUnknownContractsAreSkipped(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            var attempt = Fixtures.tried("evt-1", attempt: 1, state: .completed, outcome: .success)
            attempt.contract = "no-such-contract"
            try await store.write([.tried(attempt), .received(Fixtures.received("evt-1"))])
            await #expect(try store.executions(receivedEventId: "evt-1").isEmpty)
            await #expect(try store.receivedEvent(id: "evt-1") != nil, "the rest of the batch is written")
        }
    }

    @Test(arguments: StoreBackend.allCases) func retentionDeletesOldAuditRows(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            let old = Date(timeIntervalSinceNow: -40 * 86_400)
            try await store.write([
                .received(Fixtures.received("old", at: old)),
                .tried(Fixtures.tried("old", attempt: 1, state: .completed, outcome: .success, at: old)),
                .received(Fixtures.received("new")),
                .tried(Fixtures.tried("new", attempt: 1, state: .completed, outcome: .success)),
            ])
            await #expect(try store.deleteAudit(olderThan: Date(timeIntervalSinceNow: -30 * 86_400)) == 3)
            await #expect(try store.receivedEvent(id: "old") == nil)
            await #expect(try store.executions(receivedEventId: "old").isEmpty)
            await #expect(try store.receivedEvent(id: "new") != nil)
            await #expect(try store.executions(receivedEventId: "new").count == 1)
        }
    }
}

extension AuditWriteTests {
    @Test(arguments: StoreBackend.allCases) func repeatedHeaderNamesAreJoined(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            var attempt = Fixtures.tried("evt-1", attempt: 1, state: .completed, outcome: .success, status: 200)
            attempt.request.headers = [("accept", "text/plain"), ("x-a", "1"), ("accept", "application/json")]
            try await store.write([.tried(attempt)])
            let headers = try await store.executions(receivedEventId: "evt-1").first?.tries.first?.request.headers
            #expect(headers?.map(\.name) == ["accept", "x-a"])
            #expect(headers?.first?.value == "text/plain, application/json")
        }
    }
}
