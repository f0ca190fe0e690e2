import Foundation
import GRDB

extension EventhosStore {
    /// Claims an `Idempotency-Key` of a producer for a new received event, unless a claim younger
    /// than `window` holds it.
    ///
    /// One transaction deletes the expired claims, inserts this one if the key is free
    /// (`INSERT OR IGNORE`) and reads the holder back, so that concurrent repeats of one key
    /// agree on a single receivedEventId.
    /// - Returns: ``IdempotencyClaim/claimed`` when the key is now `receivedEventId`'s, or the
    ///   receivedEventId that holds it.
    public func claimIdempotencyKey(
        _ key: String, producer: String, receivedEventId: String, now: Date = Date(), window: Duration = .seconds(86_400)
    ) async throws(StoreError) -> IdempotencyClaim {
        let cutoff = now.addingTimeInterval(-Double(window.components.seconds)).storageText
        let createdAt = now.storageText
        let holder = try await write { db in
            try db.execute(sql: "DELETE FROM idempotency_key WHERE created_at < ?", arguments: [cutoff])
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO idempotency_key (producer, key, received_event_id, created_at)
                    VALUES (?, ?, ?, ?)
                    """,
                arguments: [producer, key, receivedEventId, createdAt])
            return try String.fetchOne(
                db, sql: "SELECT received_event_id FROM idempotency_key WHERE producer = ? AND key = ?",
                arguments: [producer, key])
        }
        guard let holder, holder != receivedEventId else { return .claimed }
        return .heldBy(holder)
    }

    /// Gives up the claim of `receivedEventId` on a key, when its event could not be accepted,
    /// so that the producer's retry with the same key is accepted.
    public func releaseIdempotencyKey(_ key: String, producer: String, receivedEventId: String) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM idempotency_key WHERE producer = ? AND key = ? AND received_event_id = ?",
                arguments: [producer, key, receivedEventId])
        }
    }

    /// `idempotency_key`: the `Idempotency-Key` of each producer's recent sends (24 h).
    static func registerIdempotencyMigration(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-idempotency") { db in
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
    }
}

/// Who holds an `Idempotency-Key`.
public enum IdempotencyClaim: Sendable, Hashable {
    /// The key is now the caller's: accept and publish the event.
    case claimed
    /// An earlier send holds the key: answer with its receivedEventId, publish nothing.
    case heldBy(String)
}
