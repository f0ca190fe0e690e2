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

    /// Records that messages with `messageIds` arrived at `now`, in one transaction; ids older than
    /// `window` are forgotten on the way.
    ///
    /// - Returns: for each id, in order, `true` when it is the first with this id within the window
    ///   (the first of two equal ids in one call is the first), `false` for a duplicate.
    public func claimIngressMessages(_ messageIds: [String], at now: Date, window: Duration) async throws(StoreError) -> [Bool] {
        let seconds = Double(window.components.seconds) + Double(window.components.attoseconds) * 1e-18
        let cutoff = now.addingTimeInterval(-seconds).storageText
        let arrival = now.storageText
        return try await write { db in
            try db.execute(sql: "DELETE FROM ingress_message WHERE created_at < ?", arguments: [cutoff])
            let insert = try db.cachedStatement(
                sql: "INSERT INTO ingress_message (message_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
            return try messageIds.map { id in
                try insert.execute(arguments: [id, arrival])
                return db.changesCount == 1
            }
        }
    }
}
