import EventhosCore
import Foundation

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
    ) async throws(StoreError) -> KeyAddition {
        try await write { db -> KeyAddition in
            guard let systemId = try Self.liveSystemId(system, in: db) else { return .unknownSystem }
            if try db.row(
                "SELECT 1 FROM producer_key WHERE system_id = ? AND name = ? AND revoked_at IS NULL", [systemId, name]) != nil
            {
                return .duplicateName
            }
            let now = Date()
            try db.execute(
                "INSERT INTO producer_key (system_id, name, key_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)",
                [systemId, name, hash.hex, prefix, now.storageText])
            return .added(ProducerKeyRecord(name: name, prefix: prefix, createdAt: try Date(storageText: now.storageText)))
        }
    }

    /// The valid keys of `system`, oldest first; `nil` when there is no such system.
    public func keys(system: String) async throws(StoreError) -> [ProducerKeyRecord]? {
        try await read { db -> [ProducerKeyRecord]? in
            guard let systemId = try Self.liveSystemId(system, in: db) else { return nil }
            return try db.rows(
                """
                    SELECT name, prefix, created_at, last_used_at FROM producer_key
                    WHERE system_id = ? AND revoked_at IS NULL ORDER BY id
                    """,
                [systemId]
            ).map { row throws(StoreError) in
                ProducerKeyRecord(
                    name: try row["name"], prefix: try row["prefix"], createdAt: try Date(storageText: try row["created_at"]),
                    lastUsedAt: try (try row["last_used_at"] as String?).map { text throws(StoreError) in try Date(storageText: text) })
            }
        }
    }

    /// Revokes the valid key `name` of `system`; `false` when there is no such key.
    public func revokeKey(system: String, name: String) async throws(StoreError) -> Bool {
        try await write { db in
            guard let systemId = try Self.liveSystemId(system, in: db) else { return false }
            return try db.execute(
                "UPDATE producer_key SET revoked_at = ? WHERE system_id = ? AND name = ? AND revoked_at IS NULL",
                [Date().storageText, systemId, name]) > 0
        }
    }

    private static func liveSystemId(_ identifier: String, in db: any SQLTransaction) throws -> Int64? {
        try db.value("SELECT id FROM system WHERE identifier = ? AND deleted = 0", [identifier])
    }
}
