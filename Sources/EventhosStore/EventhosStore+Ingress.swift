import Foundation

extension EventhosStore {
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
            try db.execute("DELETE FROM ingress_message WHERE created_at < ?", [cutoff])
            return try messageIds.map { id in
                try db.execute("INSERT INTO ingress_message (message_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING", [id, arrival])
                    == 1
            }
        }
    }
}
