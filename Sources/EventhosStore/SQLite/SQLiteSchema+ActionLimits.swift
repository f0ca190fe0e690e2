import GRDB

extension SQLiteSchema {
    /// Per-action delivery limits: `action.max_in_flight` (deliveries of each contract at once) and
    /// `action.rate_limit` (as the configuration writes it: `50/s`, `600/m`); `NULL` for none.
    static func v3ActionLimits(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE action ADD COLUMN max_in_flight INTEGER;
                ALTER TABLE action ADD COLUMN rate_limit TEXT;
                """)
    }

    /// `action_rate_slot`: the next free delivery slot of each rate-limited action, shared by every
    /// instance of the store (microseconds since 1970).
    static func v5RateSlots(_ db: Database) throws {
        try db.execute(
            sql: "CREATE TABLE action_rate_slot (action TEXT PRIMARY KEY, next_free_us INTEGER NOT NULL) WITHOUT ROWID")
    }
}
