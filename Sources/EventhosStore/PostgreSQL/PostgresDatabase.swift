import EventhosCore
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// The PostgreSQL backend, which several instances of Eventhos share.
///
/// Each transaction runs on a thread of the backend's own `NIOThreadPool` (never the concurrency
/// pool), on a connection of its own, waiting for each statement's answer: the store's logic is
/// written once, as synchronous transactions, for SQLite and PostgreSQL alike. There are as many
/// threads as connections at most (`maxConnections`); a connection that failed is dropped, and the
/// next transaction opens a new one.
public final class PostgresDatabase: SQLDatabase {
    private let url: PostgresURL
    private let configuration: PostgresConnection.Configuration
    private let threads: NIOThreadPool
    private let eventLoops: any EventLoopGroup
    private let idle = Mutex<IdleConnections>(IdleConnections())
    private let logger: Logger

    private struct IdleConnections: ~Copyable {
        var connections: [PostgresConnection] = []
        var opened = 0
        var closed = false
    }

    /// Connects to the server of `url`, and creates or migrates the schema.
    ///
    /// - Throws: ``StoreError/Code/cannotOpen`` with the cause (refused, authentication, TLS,
    ///   missing database…) when the server cannot be used.
    public static func open(url: PostgresURL, maxConnections: Int = 8, logger: Logger) async throws(StoreError)
        -> PostgresDatabase
    {
        let database: PostgresDatabase
        do {
            database = try PostgresDatabase(url: url, maxConnections: maxConnections, logger: logger)
        } catch {
            throw StoreError(.cannotOpen, "cannot use the PostgreSQL store at \(url): \(error)")
        }
        do {
            try await database.write { db in try PostgresSchema.migrate(db) }
        } catch {
            await database.close()
            // A connection that failed already names the server; a migration that failed does not.
            throw error.code == .cannotOpen
                ? error : StoreError(.cannotOpen, "cannot migrate the PostgreSQL store at \(url): \(error.message)")
        }
        return database
    }

    private init(url: PostgresURL, maxConnections: Int, logger: Logger) throws {
        self.url = url
        self.configuration = try PostgresConnector.configuration(for: url)
        self.threads = NIOThreadPool(numberOfThreads: maxConnections)
        self.eventLoops = MultiThreadedEventLoopGroup.singleton
        self.logger = logger
        threads.start()
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws(StoreError) -> T {
        try await run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws(StoreError) -> T {
        try await run("BEGIN", body)
    }

    /// Writes are refused by a read-only standby: checks that the server is the primary.
    public func checkWritable() async throws(StoreError) {
        let standby: Bool = try await write { db in try db.value("SELECT pg_is_in_recovery()") ?? true }
        if standby {
            throw StoreError(.database, "the PostgreSQL server at \(url) is a read-only standby")
        }
    }

    public func close() async {
        let connections = idle.withLock { idle in
            idle.closed = true
            defer { idle.connections = [] }
            return idle.connections
        }
        for connection in connections {
            try? await connection.close()
        }
        try? await threads.shutdownGracefully()
    }

    private func run<T: Sendable>(
        _ begin: String, _ body: @escaping @Sendable (any SQLTransaction) throws -> T
    ) async throws(StoreError) -> T {
        do {
            return try await threads.runIfActive { try self.transaction(begin, body) }
        } catch {
            throw PostgresConnector.storeError(error)
        }
    }

    /// Runs on a thread of the pool: `begin`, the body, `COMMIT`; `ROLLBACK` when the body throws.
    private func transaction<T>(_ begin: String, _ body: (any SQLTransaction) throws -> T) throws -> T {
        var (connection, reused) = try lease()
        do {
            try PostgresTransaction(connection: connection, logger: logger).execute(begin, [])
        } catch where reused {
            // An idle connection may have been closed by the server meanwhile: one more try on a new one.
            drop(connection)
            (connection, reused) = try lease(new: true)
            try PostgresTransaction(connection: connection, logger: logger).execute(begin, [])
        }
        let transaction = PostgresTransaction(connection: connection, logger: logger)
        do {
            let value = try body(transaction)
            try transaction.execute("COMMIT", [])
            release(connection)
            return value
        } catch {
            if (try? transaction.execute("ROLLBACK", [])) != nil {
                release(connection)
            } else {
                drop(connection)
            }
            throw error
        }
    }

    /// An idle connection, or a new one; `reused` tells which.
    private func lease(new: Bool = false) throws -> (connection: PostgresConnection, reused: Bool) {
        // An idle connection, or the id of a new one, under one lock.
        enum Lease {
            case idle(PostgresConnection)
            case new(id: Int)
        }
        let leased: Lease = try idle.withLock { idle throws(StoreError) in
            guard !idle.closed else { throw StoreError(.database, "the store is closed") }
            if !new, let connection = idle.connections.popLast(), !connection.isClosed { return .idle(connection) }
            idle.opened += 1
            return .new(id: idle.opened)
        }
        switch leased {
        case .idle(let connection):
            return (connection, true)
        case .new(let id):
            do {
                let connection = try PostgresConnection.connect(
                    on: eventLoops.next(), configuration: configuration, id: id, logger: logger
                ).wait()
                return (connection, false)
            } catch {
                throw StoreError(
                    .cannotOpen, "cannot connect to the PostgreSQL store at \(url): \(PostgresConnector.describe(error))")
            }
        }
    }

    private func release(_ connection: PostgresConnection) {
        let keep = idle.withLock { idle in
            guard !idle.closed, !connection.isClosed else { return false }
            idle.connections.append(connection)
            return true
        }
        if !keep { drop(connection) }
    }

    private func drop(_ connection: PostgresConnection) {
        connection.close().whenComplete { _ in }
    }
}
