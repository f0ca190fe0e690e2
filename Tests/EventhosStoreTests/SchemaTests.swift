import GRDB
import Testing

@testable import EventhosStore

@Suite struct SchemaTests {
    @Test(arguments: StoreBackend.allCases) func migrationCreatesTheContractTablesAndColumns(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            let expected: [String: Set<String>] = [
                "system": [
                    "id", "identifier", "name", "type", "class", "description", "deleted", "created_at", "updated_at",
                    "amqp_user",
                ],
                "producer_key": [
                    "id", "system_id", "name", "key_hash", "prefix", "created_at", "last_used_at", "revoked_at",
                ],
                "event": [
                    "id", "identifier", "name", "operation", "producer_id", "description", "deleted", "created_at",
                    "updated_at",
                ],
                "action": [
                    "id", "identifier", "name", "operation", "subscriber_id", "description", "http_method", "http_url",
                    "http_headers", "http_params", "http_data", "timeout_ms", "deleted", "created_at", "updated_at",
                    "reply_to_event_id", "max_in_flight", "rate_limit", "responses", "circuit_breaker",
                ],
                "action_security": ["id", "action_id", "type", "settings", "secret", "created_at", "updated_at"],
                "contract": [
                    "id", "identifier", "name", "event_id", "action_id", "active", "order_index", "retry_max_attempts",
                    "retry_backoff_ms", "deleted", "created_at", "updated_at", "filter", "max_age_ms", "responses", "paused_at",
                    "paused_reason", "ordering",
                ],
                "received_event": [
                    "id", "event_id", "event_identifier", "source", "producer_id", "header", "body", "query",
                    "received_at", "state", "reject_reason", "parent_received_event_id",
                ],
                "contract_exc_detail": [
                    "id", "contract_id", "received_event_id", "state", "attempts", "created_at", "updated_at", "waiting_for",
                    "reason",
                ],
                "contract_exc_try": [
                    "id", "contract_exc_detail_id", "attempt", "state", "request_method", "request_url",
                    "request_headers", "request_body", "response_status", "response_headers", "response_body",
                    "response_truncated", "error", "warnings", "executed_at", "finished_at", "duration_ms",
                ],
            ]
            for (table, columns) in expected {
                let names: [String] = try await store.column(
                    backend == .sqlite
                        ? "SELECT name FROM pragma_table_info(?)"
                        : "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = current_schema()",
                    [table])
                #expect(Set(names) == columns, "columns of \(table)")
            }
        }
    }

    @Test(arguments: [StoreBackend.sqlite]) func databaseRunsInWALWithNormalSyncAndForeignKeys(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            let pragmas = try await store.sqlitePool.write { db in
                [
                    try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                    try String.fetchOne(db, sql: "PRAGMA synchronous"),
                    try String.fetchOne(db, sql: "PRAGMA foreign_keys"),
                ]
            }
            #expect(pragmas == ["wal", "1", "1"])
            try await store.checkWritable()
        }
    }

    @Test(arguments: StoreBackend.allCases) func reopeningAMigratedFileKeepsItsRows(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            try await temporary.open().apply(Fixtures.registry)
            let changes = try await temporary.open().apply(Fixtures.registry)
            #expect(!changes.hasChanges)
        }
    }
}
