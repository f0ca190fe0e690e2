import Foundation

extension EventhosStore {
    /// Claims an `Idempotency-Key` of a producer for a new received event, unless a claim younger
    /// than `window` holds it.
    ///
    /// One transaction deletes the expired claims, inserts this one if the key is free
    /// (`ON CONFLICT DO NOTHING`) and reads the holder back, so that concurrent repeats of one key
    /// agree on a single receivedEventId.
    /// - Returns: ``IdempotencyClaim/claimed`` when the key is now `receivedEventId`'s, or the
    ///   receivedEventId that holds it.
    public func claimIdempotencyKey(
        _ key: String, producer: String, receivedEventId: String, now: Date = Date(), window: Duration = .seconds(86_400)
    ) async throws(StoreError) -> IdempotencyClaim {
        let cutoff = now.addingTimeInterval(-Double(window.components.seconds)).storageText
        let createdAt = now.storageText
        let holder = try await write { db in
            try db.execute("DELETE FROM idempotency_key WHERE created_at < ?", [cutoff])
            try db.execute(
                """
                INSERT INTO idempotency_key (producer, key, received_event_id, created_at)
                VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                """,
                [producer, key, receivedEventId, createdAt])
            return try db.value(
                "SELECT received_event_id FROM idempotency_key WHERE producer = ? AND key = ?", [producer, key]) as String?
        }
        guard let holder, holder != receivedEventId else { return .claimed }
        return .heldBy(holder)
    }

    /// Gives up the claim of `receivedEventId` on a key, when its event could not be accepted,
    /// so that the producer's retry with the same key is accepted.
    public func releaseIdempotencyKey(_ key: String, producer: String, receivedEventId: String) async throws(StoreError) {
        try await write { db in
            try db.execute(
                "DELETE FROM idempotency_key WHERE producer = ? AND key = ? AND received_event_id = ?",
                [producer, key, receivedEventId])
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
