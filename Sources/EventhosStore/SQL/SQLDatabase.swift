/// A backend of the store: runs transactions whose bodies are synchronous, off the concurrency pool.
///
/// The store's logic is written once against ``SQLTransaction``; SQLite (GRDB, `SQLite/`) and
/// PostgreSQL (PostgresNIO, `PostgreSQL/`) each implement this protocol.
public protocol SQLDatabase: Sendable {
    /// Runs `body` in a read-only transaction, and returns its value.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws(StoreError) -> T

    /// Runs `body` in a write transaction, committed when it returns, rolled back when it throws.
    ///
    /// Once submitted, the transaction runs to its end even if the caller is cancelled, so a
    /// cancelled caller never leaves a half-written batch.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws(StoreError) -> T

    /// Checks that the database takes writes, for readiness probes.
    func checkWritable() async throws(StoreError)

    /// Closes the connections; the database takes no more transactions.
    func close() async
}
