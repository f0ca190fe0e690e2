import EventhosCore
import Foundation
import GRDB

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
            try db.execute(sql: "DELETE FROM console_session WHERE expires_at <= ?", arguments: [now.storageText])
            try db.execute(
                sql: """
                    INSERT INTO console_session (id_hash, token_name, token_hash, role, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    idHash.hex, session.tokenName, session.tokenHash.hex, session.role.rawValue, now.storageText,
                    session.expiresAt.storageText,
                ])
        }
    }

    /// The session whose id hashes to `idHash`, unless it expired.
    public func consoleSession(idHash: ProducerKeyHash, now: Date = Date()) throws(StoreError) -> ConsoleSessionRecord? {
        let row = try read { db in
            try Row.fetchOne(
                db, sql: "SELECT token_name, token_hash, role, expires_at FROM console_session WHERE id_hash = ? AND expires_at > ?",
                arguments: [idHash.hex, now.storageText])
        }
        guard let row, let role = AdminToken.Role(rawValue: row["role"]) else { return nil }
        return ConsoleSessionRecord(
            tokenName: row["token_name"], tokenHash: ProducerKeyHash(hex: row["token_hash"]), role: role,
            expiresAt: try Date(storageText: row["expires_at"]))
    }

    /// Ends the session whose id hashes to `idHash` (sign-out); nothing when there is none.
    public func closeConsoleSession(idHash: ProducerKeyHash) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM console_session WHERE id_hash = ?", arguments: [idHash.hex])
        }
    }

    /// `console_session`: the console's signed-in sessions, so that they outlive a restart and a
    /// sign-out ends them on the server.
    static func registerConsoleSessionsMigration(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-console-sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE console_session (
                        id_hash TEXT PRIMARY KEY,
                        token_name TEXT NOT NULL,
                        token_hash TEXT NOT NULL,
                        role TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        expires_at TEXT NOT NULL
                    );
                    CREATE INDEX console_session_expires_at ON console_session(expires_at);
                    """)
        }
    }
}
