import GRDB

/// The SQLite schema and its migrations (GRDB's `grdb_migrations` table records those applied).
enum SQLiteSchema {
    /// The schema, named after the original Eventhos tables so that ops can query them with `sqlite3`.
    ///
    /// Conventions:
    /// - timestamps are ISO-8601 UTC text with milliseconds (`2026-01-31T12:00:00.123Z`);
    /// - JSON columns hold compact JSON text (query them with `json_extract`);
    /// - registry rows are never removed: `deleted = 1` marks a soft delete;
    /// - a contract's `order` lives in `order_index`, so that no query has to quote a keyword;
    /// - `contract_exc_try.state` is `success` (2xx), `retryable` (408, 429, 5xx, timeout,
    ///   connection error: another try follows unless attempts are exhausted) or `failed`
    ///   (permanent: the message went to the dead queue);
    /// - `contract_exc_detail.received_event_id` has no foreign key: a delivery may be recorded
    ///   before the audit consumer writes its `received_event` row.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.name, migrate: migration.apply)
        }
        return migrator
    }

    /// Every migration, in the order they are applied (their names are recorded once applied, so
    /// the list only grows at its end).
    static let migrations: [(name: String, apply: @Sendable (Database) throws -> Void)] = [
        ("v1", v1),
        ("v2-amqp-ingress", v2AMQPIngress),
        ("v2-chain", v2Chain),
        ("v3-action-limits", v3ActionLimits),
        ("v2-idempotency", v2Idempotency),
        ("v4-console-sessions", v4ConsoleSessions),
        ("v4-order-wait", v4OrderWait),
        ("v5-rate-slots", v5RateSlots),
        ("v6-delivery-control", v6DeliveryControl),
        ("v7-ordering", v7Ordering),
        ("v8-partition-skip", v8PartitionSkip),
    ]

    static func v1(_ db: Database) throws {
        try db.execute(sql: registrySchema)
        try db.execute(sql: auditSchema)
    }

    private static let registrySchema = """
        CREATE TABLE system (
            id INTEGER PRIMARY KEY,
            identifier TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            class TEXT NOT NULL CHECK (class IN ('producer', 'subscriber', 'hybrid')),
            description TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE producer_key (
            id INTEGER PRIMARY KEY,
            system_id INTEGER NOT NULL REFERENCES system(id),
            name TEXT NOT NULL,
            key_hash TEXT NOT NULL,
            prefix TEXT,
            created_at TEXT NOT NULL,
            last_used_at TEXT,
            revoked_at TEXT
        );
        CREATE UNIQUE INDEX producer_key_valid_name ON producer_key(system_id, name) WHERE revoked_at IS NULL;
        CREATE TABLE event (
            id INTEGER PRIMARY KEY,
            identifier TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            operation TEXT NOT NULL,
            producer_id INTEGER NOT NULL REFERENCES system(id),
            description TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE action (
            id INTEGER PRIMARY KEY,
            identifier TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            operation TEXT NOT NULL,
            subscriber_id INTEGER NOT NULL REFERENCES system(id),
            description TEXT NOT NULL,
            http_method TEXT NOT NULL,
            http_url TEXT NOT NULL,
            http_headers TEXT NOT NULL,
            http_params TEXT NOT NULL,
            http_data TEXT,
            timeout_ms INTEGER NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE action_security (
            id INTEGER PRIMARY KEY,
            action_id INTEGER NOT NULL UNIQUE REFERENCES action(id),
            type TEXT NOT NULL,
            settings TEXT NOT NULL,
            secret BLOB,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE contract (
            id INTEGER PRIMARY KEY,
            identifier TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            event_id INTEGER NOT NULL REFERENCES event(id),
            action_id INTEGER NOT NULL REFERENCES action(id),
            active INTEGER NOT NULL,
            order_index INTEGER NOT NULL,
            retry_max_attempts INTEGER,
            retry_backoff_ms TEXT,
            deleted INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """

    private static let auditSchema = """
        CREATE TABLE received_event (
            id TEXT PRIMARY KEY,
            event_id INTEGER REFERENCES event(id),
            event_identifier TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('webhook', 'amqp', 'chain')),
            producer_id INTEGER REFERENCES system(id),
            header TEXT NOT NULL,
            body TEXT NOT NULL,
            query TEXT NOT NULL,
            received_at TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('accepted', 'rejected')),
            reject_reason TEXT
        );
        CREATE INDEX received_event_received_at ON received_event(received_at);
        CREATE INDEX received_event_event_id ON received_event(event_id);
        CREATE TABLE contract_exc_detail (
            id INTEGER PRIMARY KEY,
            contract_id INTEGER NOT NULL REFERENCES contract(id),
            received_event_id TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('PROCESSING', 'RETRYING', 'COMPLETED', 'ERROR')),
            attempts INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (contract_id, received_event_id)
        );
        CREATE INDEX contract_exc_detail_received_event_id ON contract_exc_detail(received_event_id);
        CREATE INDEX contract_exc_detail_updated_at ON contract_exc_detail(updated_at);
        CREATE TABLE contract_exc_try (
            id INTEGER PRIMARY KEY,
            contract_exc_detail_id INTEGER NOT NULL REFERENCES contract_exc_detail(id),
            attempt INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('success', 'retryable', 'failed')),
            request_method TEXT NOT NULL,
            request_url TEXT NOT NULL,
            request_headers TEXT NOT NULL,
            request_body TEXT,
            response_status INTEGER,
            response_headers TEXT,
            response_body TEXT,
            response_truncated INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            warnings TEXT,
            executed_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            duration_ms INTEGER NOT NULL,
            UNIQUE (contract_exc_detail_id, attempt)
        );
        """
}
