import Foundation
import GRDB
import ServiceLifecycle
import Testing

@testable import EventhosStore

@Suite struct AuditWriterTests {
    /// Runs `writer` in a `ServiceGroup` around `body`, then shuts the group down gracefully.
    private func withRunning<T: Sendable>(
        _ writer: AuditWriter, _ body: @Sendable (ServiceGroup) async throws -> T
    ) async throws -> T {
        let group = ServiceGroup(services: [writer], logger: TemporaryStore.logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let result = try await body(group)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }

    private func count(_ table: String, in store: EventhosStore) async throws -> Int {
        try await store.scalar("SELECT count(*) FROM \(table)") ?? 0
    }

    @Test(arguments: StoreBackend.allCases) func concurrentRecordsReturnAfterTheirBatchCommitted(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            let writer = AuditWriter(store: store, logger: TemporaryStore.logger)
            try await withRunning(writer) { _ in
                try await withThrowingTaskGroup(of: Void.self) { submitters in
                    for index in 0..<5000 {
                        submitters.addTask {
                            let id = "evt-\(index)"
                            try await writer.record(.received(Fixtures.received(id)))
                            if index % 250 == 0 {
                                await #expect(try store.receivedEvent(id: id) != nil, "committed before record returned")
                            }
                        }
                    }
                    try await submitters.waitForAll()
                }
            }
            #expect(try await count("received_event", in: store) == 5000)
            let statistics = writer.statistics
            #expect(statistics.records == 5000)
            #expect(statistics.queued == 0)
            #expect(statistics.largestBatch > 1 && statistics.largestBatch <= 256)
            #expect(statistics.batches < 5000)
            #expect(statistics.failedBatches == 0)
        }
    }

    @Test(arguments: StoreBackend.allCases) func aSubmittedBatchCommitsWhole(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            let writer = AuditWriter(store: store, maxBatch: 16, logger: TemporaryStore.logger)
            try await withRunning(writer) { _ in
                let records = (1...3).map {
                    AuditRecord.tried(Fixtures.tried("evt-1", attempt: $0, state: .retrying, outcome: .retryable))
                }
                try await writer.record(records + (0..<40).map { .received(Fixtures.received("evt-\($0)")) })
            }
            #expect(writer.statistics.largestBatch == 43)
            await #expect(try store.executions(receivedEventId: "evt-1").first?.tries.count == 3)
        }
    }

    @Test(arguments: StoreBackend.allCases) func gracefulShutdownDrainsWhatWasSubmitted(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            let writer = AuditWriter(
                store: store, maxBatch: 100_000, maxDelay: .seconds(60), logger: TemporaryStore.logger)
            let group = ServiceGroup(services: [writer], logger: TemporaryStore.logger)
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                for index in 0..<100 {
                    tasks.addTask { try await writer.record(.received(Fixtures.received("evt-\(index)")), mayWait: true) }
                }
                while writer.statistics.queued < 100 {
                    try await Task.sleep(for: .milliseconds(1))
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            #expect(ContinuousClock.now - started < .seconds(30), "shutdown cut the wait for a fuller batch short")
            #expect(try await count("received_event", in: store) == 100)
            let error = await #expect(throws: StoreError.self) {
                try await writer.record(.received(Fixtures.received("late")))
            }
            #expect(error?.code == .writerStopped)
        }
    }

    @Test(arguments: StoreBackend.allCases) func aStoreErrorReachesEveryWaiterOfTheBatch(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            _ = try await store.database.write { db in try db.execute("DROP TABLE received_event", []) }
            let writer = AuditWriter(store: store, maxDelay: .milliseconds(50), logger: TemporaryStore.logger)
            let codes = try await withRunning(writer) { _ in
                await withTaskGroup(of: StoreError.Code?.self) { submitters in
                    for index in 0..<50 {
                        submitters.addTask {
                            do throws(StoreError) {
                                try await writer.record(.received(Fixtures.received("evt-\(index)")), mayWait: true)
                                return nil
                            } catch {
                                return error.code
                            }
                        }
                    }
                    return await submitters.reduce(into: []) { $0.append($1) }
                }
            }
            #expect(codes.count == 50)
            #expect(codes.allSatisfy { $0 == .database })
            #expect(writer.statistics.failedBatches == writer.statistics.batches)
        }
    }

    @Test(arguments: StoreBackend.allCases) func recordsThatMayWaitShareTheTransactionOfTheNextThatMayNot(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            let writer = AuditWriter(store: store, maxDelay: .seconds(60), logger: TemporaryStore.logger)
            let started = ContinuousClock.now
            try await withRunning(writer) { _ in
                try await withThrowingTaskGroup(of: Void.self) { submitters in
                    for index in 0..<10 {
                        submitters.addTask { try await writer.record(.received(Fixtures.received("evt-\(index)")), mayWait: true) }
                    }
                    while writer.statistics.queued < 10 {
                        try await Task.sleep(for: .milliseconds(1))
                    }
                    #expect(writer.statistics.batches == 0, "records that may wait were committed before the window ended")
                    try await writer.record(.received(Fixtures.received("evt-prompt")))
                    try await submitters.waitForAll()
                }
            }
            #expect(ContinuousClock.now - started < .seconds(30), "the record that may not wait did not close the window")
            #expect(writer.statistics.batches == 1)
            #expect(writer.statistics.largestBatch == 11)
            #expect(try await count("received_event", in: store) == 11)
        }
    }

    @Test(arguments: StoreBackend.allCases) func recordsThatMayWaitCommitOnceTheyReachTheFillTarget(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            let writer = AuditWriter(store: store, maxDelay: .seconds(60), fillTarget: 8, logger: TemporaryStore.logger)
            let started = ContinuousClock.now
            try await withRunning(writer) { _ in
                try await withThrowingTaskGroup(of: Void.self) { submitters in
                    for index in 0..<8 {
                        submitters.addTask { try await writer.record(.received(Fixtures.received("evt-\(index)")), mayWait: true) }
                    }
                    try await submitters.waitForAll()
                }
            }
            #expect(ContinuousClock.now - started < .seconds(30), "the eighth record did not close the window")
            #expect(writer.statistics.batches == 1)
            #expect(writer.statistics.largestBatch == 8)
        }
    }

    @Test(arguments: StoreBackend.allCases) func recordsThatMayWaitCommitWhenTheWindowEnds(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            let writer = AuditWriter(store: store, maxDelay: .milliseconds(20), logger: TemporaryStore.logger)
            try await withRunning(writer) { _ in
                try await writer.record(.received(Fixtures.received("evt-alone")), mayWait: true)
            }
            #expect(writer.statistics.batches == 1)
            await #expect(try store.receivedEvent(id: "evt-alone") != nil)
        }
    }
}
