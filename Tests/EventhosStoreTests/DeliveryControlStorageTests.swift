import EventhosCore
import EventhosJSON
import EventhosTemplates
import Foundation
import GRDB
import Logging
import OrderedCollections
import Testing

@testable import EventhosStore

/// What delivery control keeps in the store: filters, expiry, status policies and circuit
/// breakers in the registry; pauses beside it; deliveries settled without a try in the audit.
@Suite struct DeliveryControlStorageTests {
    static var registry: RegistryDefinition {
        var registry = Fixtures.registry
        registry.contracts[0].filter = try? EventFilter(
            json: .object(["body.total": .object(["$gte": .int(1000)]), "headers.x-tenant": .string("acme")]))
        registry.contracts[0].maxAge = .seconds(7200)
        registry.contracts[0].responses = ResponsePolicy(success: [.class(2), .code(409)], dead: [.class(4)])
        registry.contracts[0].ordering = try? OrderingPolicy(key: StringTemplate("${.body.customerId}"), partitions: 8)
        registry.actions[0].responses = ResponsePolicy(retry: [.code(425)])
        registry.actions[0].circuitBreaker = CircuitBreakerPolicy(
            minimumCalls: 10, openFor: .seconds(5), maxOpenFor: .seconds(60), disableAfter: .seconds(3 * 86400))
        return registry
    }

    @Test(arguments: StoreBackend.allCases) func settingsRoundTrip(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Self.registry)
            await #expect(try store.loadRegistry() == Self.registry)
            #expect(try await store.apply(Self.registry).hasChanges == false)
        }
    }

    @Test(arguments: StoreBackend.allCases) func pauseSurvivesApplyAndResumeLiftsIt(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            let pause = ContractPause(reason: .circuitBreaker, since: Fixtures.epoch)
            #expect(try await store.setPause(pause, contracts: ["crm-to-billing", "unknown"]) == ["crm-to-billing"])
            let later = ContractPause(reason: .operator, since: Fixtures.epoch.addingTimeInterval(60))
            #expect(try await store.setPause(later, contracts: ["crm-to-billing"]).isEmpty, "a second pause keeps the first")
            let changes = try await store.apply(Fixtures.registry)
            #expect(!changes.hasChanges, "a pause is not configuration")
            #expect(try await store.loadRegistry().contracts[0].pause == pause)
            #expect(try await store.setPause(nil, contracts: ["crm-to-billing"]) == ["crm-to-billing"])
            #expect(try await store.setPause(nil, contracts: ["crm-to-billing"]).isEmpty)
            #expect(try await store.loadRegistry().contracts[0].pause == nil)
        }
    }

    @Test(arguments: StoreBackend.allCases) func settlementsRecordSkippedAndExpiredDeliveries(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            try await store.write([
                .settled(
                    DeliverySettlement(
                        contract: "crm-to-billing", receivedEventId: "filtered-1", reason: .filtered, attempts: 0, at: Fixtures.epoch)),
                .tried(Fixtures.tried("expired-1", attempt: 1, state: .retrying, outcome: .retryable)),
            ])
            try await store.write([
                .settled(
                    DeliverySettlement(
                        contract: "crm-to-billing", receivedEventId: "expired-1", reason: .expired, attempts: 1,
                        at: Fixtures.epoch.addingTimeInterval(5)))
            ])
            let filtered = try #require(try await store.executions(receivedEventId: "filtered-1").first)
            #expect(filtered.state == .skipped && filtered.reason == "filtered" && filtered.attempts == 0 && filtered.tries.isEmpty)
            let expired = try #require(try await store.executions(receivedEventId: "expired-1").first)
            #expect(expired.state == .error && expired.reason == "expired" && expired.attempts == 1 && expired.tries.count == 1)
            // A redriven delivery tried again leaves the expiry behind.
            try await store.write([.tried(Fixtures.tried("expired-1", attempt: 2, state: .completed, outcome: .success, status: 200))])
            let retried = try #require(try await store.executions(receivedEventId: "expired-1").first)
            #expect(retried.state == .completed && retried.reason == nil && retried.attempts == 2)
        }
    }
}

/// The SQLite migration that rebuilds two audit tables keeps their rows.
@Suite struct DeliveryControlMigrationTests {
    @Test func rebuiltTablesKeepTheirRows() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventhos-migration-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("eventhos.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v5-rate-slots")
            try await queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO system (identifier, name, type, class, description, created_at, updated_at)
                            VALUES ('crm', 'CRM', 'SaaS', 'producer', '', 'now', 'now');
                        INSERT INTO event (identifier, name, operation, producer_id, description, created_at, updated_at)
                            VALUES ('created', 'Created', 'new', 1, '', 'now', 'now');
                        INSERT INTO action (identifier, name, operation, subscriber_id, description, http_method, http_url,
                            http_headers, http_params, timeout_ms, created_at, updated_at)
                            VALUES ('call', 'Call', 'new', 1, '', 'POST', 'http://x', '{}', '{}', 1000, 'now', 'now');
                        INSERT INTO contract (identifier, name, event_id, action_id, active, order_index, created_at, updated_at)
                            VALUES ('c', 'C', 1, 1, 1, 0, 'now', 'now');
                        INSERT INTO received_event (id, event_id, event_identifier, source, header, body, query, received_at, state)
                            VALUES ('evt-1', 1, 'created', 'webhook', '{}', '{}', '{}', '2026-01-01T00:00:00.000Z', 'accepted');
                        INSERT INTO contract_exc_detail (contract_id, received_event_id, state, attempts, created_at, updated_at, waiting_for)
                            VALUES (1, 'evt-1', 'RETRYING', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z', 'x');
                        """)
            }
        }
        let store = try EventhosStore(path: path, cipher: nil, logger: Logger(label: "test"))
        let executions = try await store.executions(receivedEventId: "evt-1")
        #expect(executions.map(\.state) == [.retrying] && executions.first?.waitingFor == "x" && executions.first?.attempts == 2)
        #expect(try await store.receivedEvent(id: "evt-1")?.state == .accepted)
        await store.close()
    }
}
