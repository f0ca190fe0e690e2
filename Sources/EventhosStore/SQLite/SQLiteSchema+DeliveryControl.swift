import GRDB

extension SQLiteSchema {
    /// Delivery control (spec §10):
    /// - `contract.filter` (the filter as written, JSON), `contract.max_age_ms`, `contract.responses`
    ///   and `action.responses` (status policies, JSON), `action.circuit_breaker` (JSON);
    /// - `contract.paused_at` and `contract.paused_reason` (`operator` or `circuit-breaker`): set
    ///   while the contract is paused, never written by `apply`;
    /// - `contract_exc_detail.state` may be `SKIPPED` (the contract's filter left the event out), and
    ///   `contract_exc_detail.reason` says why a delivery ended without a try (`filtered`, `expired`);
    /// - `received_event.source` may be `operations`: an operator event of the built-in system `eventhos`.
    ///
    /// SQLite cannot change a CHECK constraint, so `contract_exc_detail` and `received_event` are
    /// rebuilt (GRDB runs migrations with foreign keys off and checks them once it is done).
    static func v6DeliveryControl(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE contract ADD COLUMN filter TEXT;
                ALTER TABLE contract ADD COLUMN max_age_ms INTEGER;
                ALTER TABLE contract ADD COLUMN responses TEXT;
                ALTER TABLE contract ADD COLUMN paused_at TEXT;
                ALTER TABLE contract ADD COLUMN paused_reason TEXT;
                ALTER TABLE action ADD COLUMN responses TEXT;
                ALTER TABLE action ADD COLUMN circuit_breaker TEXT;
                CREATE TABLE contract_exc_detail_new (
                    id INTEGER PRIMARY KEY,
                    contract_id INTEGER NOT NULL REFERENCES contract(id),
                    received_event_id TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('PROCESSING', 'RETRYING', 'COMPLETED', 'ERROR', 'SKIPPED')),
                    attempts INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    waiting_for TEXT,
                    reason TEXT,
                    UNIQUE (contract_id, received_event_id)
                );
                INSERT INTO contract_exc_detail_new
                    (id, contract_id, received_event_id, state, attempts, created_at, updated_at, waiting_for)
                    SELECT id, contract_id, received_event_id, state, attempts, created_at, updated_at, waiting_for
                    FROM contract_exc_detail;
                DROP TABLE contract_exc_detail;
                ALTER TABLE contract_exc_detail_new RENAME TO contract_exc_detail;
                CREATE INDEX contract_exc_detail_received_event_id ON contract_exc_detail(received_event_id);
                CREATE INDEX contract_exc_detail_updated_at ON contract_exc_detail(updated_at);
                CREATE TABLE received_event_new (
                    id TEXT PRIMARY KEY,
                    event_id INTEGER REFERENCES event(id),
                    event_identifier TEXT NOT NULL,
                    source TEXT NOT NULL CHECK (source IN ('webhook', 'amqp', 'chain', 'operations')),
                    producer_id INTEGER REFERENCES system(id),
                    header TEXT NOT NULL,
                    body TEXT NOT NULL,
                    query TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('accepted', 'rejected')),
                    reject_reason TEXT,
                    parent_received_event_id TEXT
                );
                INSERT INTO received_event_new SELECT
                    id, event_id, event_identifier, source, producer_id, header, body, query, received_at, state,
                    reject_reason, parent_received_event_id
                    FROM received_event;
                DROP TABLE received_event;
                ALTER TABLE received_event_new RENAME TO received_event;
                CREATE INDEX received_event_received_at ON received_event(received_at);
                CREATE INDEX received_event_event_id ON received_event(event_id);
                CREATE INDEX received_event_parent ON received_event(parent_received_event_id);
                """)
    }

    /// Ordered delivery (spec §10): `contract.ordering`, the policy as the configuration writes it (JSON).
    static func v7Ordering(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE contract ADD COLUMN ordering TEXT")
    }

    /// `partition_skip`: the operators' skips of the messages that block a partition (`onDead: block`).
    static func v8PartitionSkip(_ db: Database) throws {
        try db.execute(sql: EventhosStore.partitionSkipTable)
    }
}
