import EventhosCore
import Foundation

extension EventhosStore {
    /// Pauses (`pause` set) or resumes (`nil`) the live contracts named, leaving the rest of their
    /// rows as they are: `apply` never writes these columns, so a pause survives it.
    ///
    /// Pausing a contract already paused keeps its first pause.
    /// - Returns: The identifiers of the contracts changed, in the order given; unknown ones and
    ///   those already in the state asked are left out.
    public func setPause(_ pause: ContractPause?, contracts identifiers: [String]) async throws(StoreError) -> [String] {
        try await write { db in
            var changed = [String]()
            for identifier in identifiers {
                let updated =
                    if let pause {
                        try db.execute(
                            """
                            UPDATE contract SET paused_at = ?, paused_reason = ?, updated_at = ?
                            WHERE identifier = ? AND deleted = 0 AND paused_at IS NULL
                            """,
                            [pause.since.storageText, pause.reason.rawValue, Date().storageText, identifier])
                    } else {
                        try db.execute(
                            """
                            UPDATE contract SET paused_at = NULL, paused_reason = NULL, updated_at = ?
                            WHERE identifier = ? AND deleted = 0 AND paused_at IS NOT NULL
                            """,
                            [Date().storageText, identifier])
                    }
                if updated > 0 {
                    changed.append(identifier)
                }
            }
            return changed
        }
    }
}
