import Foundation
import GRDB
import Logging

/// The SQLite store: the registry and the audit of Eventhos, in one WAL database file.
///
/// One `DatabasePool` serves the whole process: reads run concurrently, writes go through
/// GRDB's single serial writer queue. Synchronous methods block their caller; from async code,
/// prefer the async overloads, which do not hold a cooperative thread while SQLite works.
public final class EventhosStore: Sendable {
    let pool: DatabasePool
    let cipher: SecretCipher?
    let logger: Logger

    /// Opens (creating it and its parent directories when missing) and migrates the database at `path`.
    ///
    /// - Parameters:
    ///   - path: The database file (`store.path`).
    ///   - cipher: Encrypts the secrets of actions; `nil` refuses registries that hold secrets.
    ///   - logger: Where the store reports what it does.
    public init(path: String, cipher: SecretCipher?, logger: Logger) throws(StoreError) {
        var configuration = Configuration()
        configuration.label = "eventhos"
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError(.cannotOpen, "cannot open the store at '\(path)': \(error)")
        }
        self.cipher = cipher
        self.logger = logger
    }

    /// Checks that the database takes writes, for readiness probes: takes the write lock and rolls back.
    public func checkWritable() throws(StoreError) {
        try writeWithoutTransaction(Self.probeWrite)
    }

    /// Checks that the database takes writes, for readiness probes: takes the write lock and rolls back.
    public func checkWritable() async throws(StoreError) {
        try await writeWithoutTransaction(Self.probeWrite)
    }

    private static func probeWrite(_ db: Database) throws {
        try db.execute(sql: "BEGIN IMMEDIATE")
        try db.execute(sql: "ROLLBACK")
    }
}
