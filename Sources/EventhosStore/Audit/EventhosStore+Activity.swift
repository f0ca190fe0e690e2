import Foundation

extension EventhosStore {
    /// The activity of the last `minutes` minutes up to the end of the minute holding `now`, in
    /// buckets of `bucketMinutes` (which must divide `minutes`).
    ///
    /// Two grouped range scans, over the indexes on `received_event.received_at` and
    /// `contract_exc_detail.updated_at`: at most one row per minute comes back, whatever the traffic.
    public func activity(lastMinutes minutes: Int, bucketMinutes: Int, now: Date = Date()) async throws(StoreError) -> AuditActivity {
        precondition(minutes > 0 && bucketMinutes > 0 && minutes % bucketMinutes == 0, "buckets must divide the window")
        let end = Date(timeIntervalSince1970: ((now.timeIntervalSince1970 / 60).rounded(.down) + 1) * 60)
        let start = end.addingTimeInterval(-Double(minutes * 60))
        var activity = AuditActivity(
            start: start, bucketMinutes: bucketMinutes, buckets: Array(repeating: .init(), count: minutes / bucketMinutes))
        let window = [start.storageText, end.storageText]
        let (received, executions) = try await read { db in
            (try db.rows(Self.receivedPerMinute, window), try db.rows(Self.executionsEndedPerMinute, window))
        }
        func bucket(_ row: SQLRow) throws(StoreError) -> Int? {
            let minute = try Date(storageText: (try row["minute"] as String) + ":00.000Z")
            let index = Int((minute.timeIntervalSince(start) / 60).rounded()) / bucketMinutes
            return activity.buckets.indices.contains(index) ? index : nil
        }
        for row in received {
            guard let index = try bucket(row) else { continue }
            activity.buckets[index].received += try row["count"] as Int
        }
        for row in executions {
            guard let index = try bucket(row) else { continue }
            if try row["state"] as String == ExecutionState.completed.rawValue {
                activity.buckets[index].delivered += try row["count"] as Int
            } else {
                activity.buckets[index].failed += try row["count"] as Int
            }
        }
        return activity
    }

    /// Received events per minute (`minute`: `2026-01-31T12:05`) from `?` to before `?`.
    static let receivedPerMinute = """
        SELECT substr(received_at, 1, 16) AS minute, count(*) AS count FROM received_event
        WHERE received_at >= ? AND received_at < ? GROUP BY minute
        """

    /// Executions completed or failed per minute of their last update, from `?` to before `?`.
    static let executionsEndedPerMinute = """
        SELECT substr(updated_at, 1, 16) AS minute, state, count(*) AS count FROM contract_exc_detail
        WHERE updated_at >= ? AND updated_at < ? AND state IN ('COMPLETED', 'ERROR')
        GROUP BY minute, state
        """
}
