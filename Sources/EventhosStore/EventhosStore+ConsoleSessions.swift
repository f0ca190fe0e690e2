import EventhosCore
import Foundation

/// A signed-in session of the web console, as stored: never the session id, only its SHA-256.
public struct ConsoleSessionRecord: Sendable, Hashable {
    /// The name of the admin token the session was opened with.
    public var tokenName: String
    /// The SHA-256 of that token, so that a token replaced under the same name ends the session.
    public var tokenHash: ProducerKeyHash
    public var role: AdminToken.Role
    public var expiresAt: Date

    public init(tokenName: String, tokenHash: ProducerKeyHash, role: AdminToken.Role, expiresAt: Date) {
        self.tokenName = tokenName
        self.tokenHash = tokenHash
        self.role = role
        self.expiresAt = expiresAt
    }
}

extension EventhosStore {
    /// Stores a new console session under the SHA-256 of its id, and forgets the expired ones.
    public func openConsoleSession(idHash: ProducerKeyHash, _ session: ConsoleSessionRecord, now: Date = Date()) async throws(StoreError) {
        try await write { db in
            try db.execute("DELETE FROM console_session WHERE expires_at <= ?", [now.storageText])
            try db.execute(
                """
                    INSERT INTO console_session (id_hash, token_name, token_hash, role, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                [
                    idHash.hex, session.tokenName, session.tokenHash.hex, session.role.rawValue, now.storageText,
                    session.expiresAt.storageText,
                ])
        }
    }

    /// The session whose id hashes to `idHash`, unless it expired.
    public func consoleSession(idHash: ProducerKeyHash, now: Date = Date()) async throws(StoreError) -> ConsoleSessionRecord? {
        let row = try await read { db in
            try db.row(
                "SELECT token_name, token_hash, role, expires_at FROM console_session WHERE id_hash = ? AND expires_at > ?",
                [idHash.hex, now.storageText])
        }
        guard let row, let role = AdminToken.Role(rawValue: try row["role"]) else { return nil }
        return ConsoleSessionRecord(
            tokenName: try row["token_name"], tokenHash: ProducerKeyHash(hex: try row["token_hash"]), role: role,
            expiresAt: try Date(storageText: try row["expires_at"]))
    }

    /// Ends the session whose id hashes to `idHash` (sign-out); nothing when there is none.
    public func closeConsoleSession(idHash: ProducerKeyHash) async throws(StoreError) {
        try await write { db in
            try db.execute("DELETE FROM console_session WHERE id_hash = ?", [idHash.hex])
        }
    }
}
