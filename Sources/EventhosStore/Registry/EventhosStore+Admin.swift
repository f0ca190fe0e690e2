import EventhosCore
import Foundation
import GRDB

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
    public func timestamps(of kind: RegistryKind) throws(StoreError) -> [String: RowTimestamps] {
        try read { db in
            var timestamps = [String: RowTimestamps]()
            for row in try Row.fetchAll(db, sql: "SELECT identifier, created_at, updated_at FROM \(kind.rawValue) WHERE deleted = 0") {
                timestamps[row["identifier"]] = RowTimestamps(
                    createdAt: try Date(storageText: row["created_at"]), updatedAt: try Date(storageText: row["updated_at"]))
            }
            return timestamps
        }
    }

    /// Marks one row deleted, unless something live depends on it: a system with events or actions,
    /// an event with active contracts or actions replying with it, an action with active contracts.
    ///
    /// Rows are never removed, so the audit keeps naming them; an identifier can be used again
    /// (creating it revives the row).
    public func softDelete(_ kind: RegistryKind, identifier: String) throws(StoreError) -> SoftDeletion {
        let deletion = try write { db -> SoftDeletion in
            guard let id = try Int64.fetchOne(
                db, sql: "SELECT id FROM \(kind.rawValue) WHERE identifier = ? AND deleted = 0", arguments: [identifier])
            else { return .notFound }
            let dependants = try Self.dependants(of: kind, id: id, in: db)
            guard dependants.isEmpty else { return .refused(dependants: dependants) }
            try db.execute(
                sql: "UPDATE \(kind.rawValue) SET deleted = 1, updated_at = ? WHERE id = ?", arguments: [Date().storageText, id])
            return .deleted
        }
        if deletion == .deleted {
            logger.info("registry row deleted", metadata: ["kind": "\(kind.rawValue)", "identifier": "\(identifier)"])
        }
        return deletion
    }

    private static func dependants(of kind: RegistryKind, id: Int64, in db: Database) throws -> [String] {
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
            try String.fetchAll(db, sql: query.sql + " ORDER BY identifier", arguments: [id]).map { "\(query.kind) \"\($0)\"" }
        }
    }
}
