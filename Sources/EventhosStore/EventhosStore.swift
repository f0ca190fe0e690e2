import Logging

/// The store: the registry and the audit of Eventhos, in SQLite (one instance) or PostgreSQL
/// (any number of instances sharing it).
///
/// Its logic is written once, as transactions against ``SQLTransaction``; the ``SQLDatabase``
/// backend runs them off the concurrency pool. Every method is async and never blocks its caller's thread.
public final class EventhosStore: Sendable {
    /// The backend that runs the transactions.
    public let database: any SQLDatabase
    let cipher: SecretCipher?
    let logger: Logger

    /// A store over an opened backend.
    ///
    /// - Parameters:
    ///   - database: The backend, already migrated.
    ///   - cipher: Encrypts the secrets of actions; `nil` refuses registries that hold secrets.
    ///   - logger: Where the store reports what it does.
    public init(database: any SQLDatabase, cipher: SecretCipher?, logger: Logger) {
        self.database = database
        self.cipher = cipher
        self.logger = logger
    }

    /// Opens (creating and migrating it when needed) the SQLite store at `path`.
    public convenience init(path: String, cipher: SecretCipher?, logger: Logger) throws(StoreError) {
        self.init(database: try SQLiteDatabase(path: path), cipher: cipher, logger: logger)
    }

    /// Checks that the database takes writes, for readiness probes.
    public func checkWritable() async throws(StoreError) {
        try await database.checkWritable()
    }

    /// Closes the backend's connections.
    public func close() async {
        await database.close()
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws(StoreError) -> T {
        try await database.read(body)
    }

    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws(StoreError) -> T {
        try await database.write(body)
    }
}
