import EventhosCore
import Foundation
import GRDB

/// A producer key as operators see it: never the key, nor its hash.
public struct ProducerKeyRecord: Sendable, Hashable {
    public var name: String
    /// The first characters of the key, to recognise it (`ehk_AbCd`); `nil` for keys of the configuration file.
    public var prefix: String?
    public var createdAt: Date
    public var lastUsedAt: Date?
}

/// What became of a new producer key.
public enum KeyAddition: Sendable, Hashable {
    case added(ProducerKeyRecord)
    /// No system that is not deleted has this identifier.
    case unknownSystem
    /// The system already has a valid key with this name.
    case duplicateName
}

extension EventhosStore {
    /// Stores a new valid key of `system`, as its hash; the system's other keys stay valid.
    public func addKey(
        system: String, name: String, hash: ProducerKeyHash, prefix: String
    ) throws(StoreError) -> KeyAddition {
        try write { db -> KeyAddition in
            guard let systemId = try Self.liveSystemId(system, in: db) else { return .unknownSystem }
            if try Bool.fetchOne(
                db, sql: "SELECT 1 FROM producer_key WHERE system_id = ? AND name = ? AND revoked_at IS NULL",
                arguments: [systemId, name]) == true
            {
                return .duplicateName
            }
            let now = Date()
            try db.execute(
                sql: "INSERT INTO producer_key (system_id, name, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [systemId, name, hash.hex, prefix, now.storageText])
            return .added(ProducerKeyRecord(name: name, prefix: prefix, createdAt: try Date(storageText: now.storageText)))
        }
    }

    /// The valid keys of `system`, oldest first; `nil` when there is no such system.
    public func keys(system: String) throws(StoreError) -> [ProducerKeyRecord]? {
        try read { db -> [ProducerKeyRecord]? in
            guard let systemId = try Self.liveSystemId(system, in: db) else { return nil }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT name, prefix, created_at, last_used_at FROM producer_key
                    WHERE system_id = ? AND revoked_at IS NULL ORDER BY id
                    """,
                arguments: [systemId]
            ).map { row in
                ProducerKeyRecord(
                    name: row["name"], prefix: row["prefix"], createdAt: try Date(storageText: row["created_at"]),
                    lastUsedAt: try (row["last_used_at"] as String?).map { text throws(StoreError) in try Date(storageText: text) })
            }
        }
    }

    /// Revokes the valid key `name` of `system`; `false` when there is no such key.
    public func revokeKey(system: String, name: String) throws(StoreError) -> Bool {
        try write { db in
            guard let systemId = try Self.liveSystemId(system, in: db) else { return false }
            try db.execute(
                sql: "UPDATE producer_key SET revoked_at = ? WHERE system_id = ? AND name = ? AND revoked_at IS NULL",
                arguments: [Date().storageText, systemId, name])
            return db.changesCount > 0
        }
    }

    private static func liveSystemId(_ identifier: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM system WHERE identifier = ? AND deleted = 0", arguments: [identifier])
    }
}
