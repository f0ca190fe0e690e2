import Foundation
import GRDB

extension EventhosStore {
    /// The AMQP intake's tables: the broker user a system publishes as (`system.amqp_user`), and
    /// the producers' message ids seen lately (`ingress_message`), which make duplicates detectable.
    static func registerIngressMigration(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-amqp-ingress") { db in
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
    }

    /// Records that a message with `messageId` arrived at `now`, unless one with that id already
    /// arrived less than `window` before; ids older than `window` are forgotten on the way.
    ///
    /// - Returns: `true` for the first message with this id within the window, `false` for a duplicate.
    public func claimIngressMessage(_ messageId: String, at now: Date, window: Duration) async throws(StoreError) -> Bool {
        let seconds = Double(window.components.seconds) + Double(window.components.attoseconds) * 1e-18
        let cutoff = now.addingTimeInterval(-seconds).storageText
        let arrival = now.storageText
        return try await write { db in
            try db.execute(sql: "DELETE FROM ingress_message WHERE created_at < ?", arguments: [cutoff])
            try db.execute(
                sql: "INSERT INTO ingress_message (message_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                arguments: [messageId, arrival])
            return db.changesCount == 1
        }
    }
}
