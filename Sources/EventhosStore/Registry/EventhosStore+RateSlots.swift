import Foundation

extension EventhosStore {
    /// Books the next delivery slot of a rate-limited action, one schedule for every instance that
    /// shares the store: the slot is the first instant at least `interval` after the previous one
    /// (the generic cell rate algorithm, its virtual schedule kept in `action_rate_slot`), so that
    /// all instances together never exceed the rate. A slot unused in the past is not saved up.
    ///
    /// One upsert per delivery; timestamps are the instances' clocks, in microseconds since 1970.
    /// - Returns: How long the delivery must wait for its slot.
    public func reserveRateSlot(action: String, interval: Duration, now: Date = Date()) async throws(StoreError) -> Duration {
        let present = Int64((now.timeIntervalSince1970 * 1_000_000).rounded())
        let step = interval.components.seconds * 1_000_000 + interval.components.attoseconds / 1_000_000_000_000
        let nextFree: Int64? = try await write { db in
            try db.value(
                """
                INSERT INTO action_rate_slot (action, next_free_us) VALUES (?, ?)
                ON CONFLICT (action) DO UPDATE SET next_free_us =
                    CASE WHEN action_rate_slot.next_free_us > ? THEN action_rate_slot.next_free_us ELSE ? END + ?
                RETURNING next_free_us
                """,
                [action, present + step, present, present, step])
        }
        let slot = (nextFree ?? present + step) - step
        return .microseconds(max(0, slot - present))
    }
}
