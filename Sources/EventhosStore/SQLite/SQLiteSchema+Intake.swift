import GRDB

extension SQLiteSchema {
    /// The AMQP intake's tables: the broker user a system publishes as (`system.amqp_user`), and
    /// the producers' message ids seen lately (`ingress_message`), which make duplicates detectable.
    static func v2AMQPIngress(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE system ADD COLUMN amqp_user TEXT;
                CREATE TABLE ingress_message (
                    message_id TEXT PRIMARY KEY,
                    created_at TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX ingress_message_created_at ON ingress_message(created_at);
                """)
    }

    /// `idempotency_key`: the `Idempotency-Key` of each producer's recent sends (24 h).
    static func v2Idempotency(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE idempotency_key (
                    producer TEXT NOT NULL,
                    key TEXT NOT NULL,
                    received_event_id TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (producer, key)
                );
                CREATE INDEX idempotency_key_created_at ON idempotency_key(created_at);
                """)
    }


    /// `console_session`: the console's signed-in sessions, so that they outlive a restart and a
    /// sign-out ends them on the server.
    static func v4ConsoleSessions(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE console_session (
                    id_hash TEXT PRIMARY KEY,
                    token_name TEXT NOT NULL,
                    token_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL
                );
                CREATE INDEX console_session_expires_at ON console_session(expires_at);
                """)
    }
}
