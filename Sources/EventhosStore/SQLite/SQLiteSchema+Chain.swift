import GRDB

extension SQLiteSchema {
    /// Chaining: an action may publish its response as an event (`action.reply_to_event_id`), and
    /// such an event remembers the received event whose delivery produced it
    /// (`received_event.parent_received_event_id`, no foreign key: the parent row may be written
    /// after its child by the batched audit).
    static func v2Chain(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE action ADD COLUMN reply_to_event_id INTEGER REFERENCES event(id);
                ALTER TABLE received_event ADD COLUMN parent_received_event_id TEXT;
                CREATE INDEX received_event_parent ON received_event(parent_received_event_id);
                """)
    }
}
