import EventhosCore
import Foundation
import Logging

/// When a registry row was created and last changed.
public struct RowTimestamps: Sendable, Hashable {
    public var createdAt: Date
    public var updatedAt: Date
}

/// What became of a soft delete.
public enum SoftDeletion: Sendable, Hashable {
    /// The row is now marked deleted.
    case deleted
    /// No row that is not deleted has this identifier.
    case notFound
    /// Live rows depend on it (`event "x"`, `contract "y"`); nothing changed.
    case refused(dependants: [String])
}

extension EventhosStore {
    /// The timestamps of every row of `kind` that is not deleted, by identifier.
    public func timestamps(of kind: RegistryKind) async throws(StoreError) -> [String: RowTimestamps] {
        try await read { db in
            var timestamps = [String: RowTimestamps]()
            for row in try db.rows("SELECT identifier, created_at, updated_at FROM \(kind.rawValue) WHERE deleted = 0", []) {
                timestamps[try row["identifier"]] = RowTimestamps(
                    createdAt: try Date(storageText: try row["created_at"]), updatedAt: try Date(storageText: try row["updated_at"]))
            }
            return timestamps
        }
    }

    /// Marks one row deleted, unless something live depends on it: a system with events or actions,
    /// an event with active contracts or actions replying with it, an action with active contracts.
    ///
    /// Rows are never removed, so the audit keeps naming them; an identifier can be used again
    /// (creating it revives the row).
    public func softDelete(_ kind: RegistryKind, identifier: String) async throws(StoreError) -> SoftDeletion {
        let deletion = try await write { db -> SoftDeletion in
            let id: Int64? = try db.value("SELECT id FROM \(kind.rawValue) WHERE identifier = ? AND deleted = 0", [identifier])
            guard let id else { return .notFound }
            let dependants = try Self.dependants(of: kind, id: id, in: db)
            guard dependants.isEmpty else { return .refused(dependants: dependants) }
            try db.execute("UPDATE \(kind.rawValue) SET deleted = 1, updated_at = ? WHERE id = ?", [Date().storageText, id])
            return .deleted
        }
        if deletion == .deleted {
            logger.info("registry row deleted", metadata: ["kind": "\(kind.rawValue)", "identifier": "\(identifier)"])
        }
        return deletion
    }

    private static func dependants(of kind: RegistryKind, id: Int64, in db: any SQLTransaction) throws -> [String] {
        let queries: [(kind: String, sql: String)] =
            switch kind {
            case .system: [
                ("event", "SELECT identifier FROM event WHERE producer_id = ? AND deleted = 0"),
                ("action", "SELECT identifier FROM action WHERE subscriber_id = ? AND deleted = 0"),
            ]
            case .event: [
                ("contract", "SELECT identifier FROM contract WHERE event_id = ? AND active = 1 AND deleted = 0"),
                ("action", "SELECT identifier FROM action WHERE reply_to_event_id = ? AND deleted = 0"),
            ]
            case .action: [("contract", "SELECT identifier FROM contract WHERE action_id = ? AND active = 1 AND deleted = 0")]
            case .contract: []
            }
        return try queries.flatMap { query in
            try (db.values(query.sql + " ORDER BY identifier", [id]) as [String]).map { "\(query.kind) \"\($0)\"" }
        }
    }
}
