import GRDB

extension EventhosStore {
    /// Runs `body` in one read transaction.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError(wrapping: error)
        }
    }

    /// Runs `body` in one write transaction, rolled back if it throws.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw StoreError(wrapping: error)
        }
    }

    /// Runs `body` on the writer connection, outside of any transaction.
    func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.writeWithoutTransaction(body)
        } catch {
            throw StoreError(wrapping: error)
        }
    }

    /// Runs `body` in one write transaction without blocking the caller's thread.
    ///
    /// Unlike GRDB's async `write`, the access is never cancelled: once submitted, the
    /// transaction runs to its end, so a cancelled caller never rolls back a half-written batch.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            pool.asyncWrite(body) { _, result in
                continuation.resume(returning: result.mapError(StoreError.init(wrapping:)))
            }
        }
        return try result.get()
    }

    /// Runs `body` on the writer connection, outside of any transaction, without blocking the caller's thread.
    func writeWithoutTransaction<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T)
        async throws(StoreError) -> T
    {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            pool.asyncWriteWithoutTransaction { db in
                continuation.resume(returning: Result(catching: { try body(db) }).mapError(StoreError.init(wrapping:)))
            }
        }
        return try result.get()
    }
}
