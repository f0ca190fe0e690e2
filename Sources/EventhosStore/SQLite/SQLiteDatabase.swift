import Foundation
import GRDB

/// The SQLite backend: one WAL database file, through a GRDB `DatabasePool`.
///
/// Reads run concurrently on the pool's readers; writes go through GRDB's single serial writer.
/// Transactions run on GRDB's own threads, never on the concurrency pool.
public final class SQLiteDatabase: SQLDatabase {
    /// The GRDB pool, for the tests of SQLite's own behaviour (pragmas, query plans).
    let pool: DatabasePool

    /// Opens (creating it and its parent directories when missing) and migrates the database at `path`.
    public init(path: String) throws(StoreError) {
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
            try SQLiteSchema.migrator.migrate(pool)
        } catch {
            throw StoreError(.cannotOpen, "cannot open the store at '\(path)': \(error)")
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            pool.asyncRead { db in
                continuation.resume(
                    returning: Result { try body(SQLiteTransaction(db: db.get())) }.mapError(StoreError.init(wrapping:)))
            }
        }
        return try result.get()
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            pool.asyncWrite({ db in try body(SQLiteTransaction(db: db)) }) { _, result in
                continuation.resume(returning: result.mapError(StoreError.init(wrapping:)))
            }
        }
        return try result.get()
    }

    /// Opens and migrates the database at `path` on a thread of its own, not the concurrency pool
    /// (a migration may rebuild tables).
    public static func open(path: String) async throws(StoreError) -> SQLiteDatabase {
        let opened: Result<SQLiteDatabase, StoreError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do throws(StoreError) {
                    continuation.resume(returning: .success(try SQLiteDatabase(path: path)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try opened.get()
    }

    /// Takes the write lock and rolls back.
    public func checkWritable() async throws(StoreError) {
        let result: Result<Void, StoreError> = await withCheckedContinuation { continuation in
            pool.asyncWriteWithoutTransaction { db in
                continuation.resume(
                    returning: Result {
                        try db.execute(sql: "BEGIN IMMEDIATE")
                        try db.execute(sql: "ROLLBACK")
                    }.mapError(StoreError.init(wrapping:)))
            }
        }
        try result.get()
    }

    public func close() async {
        try? pool.close()
    }
}

/// A transaction on a GRDB connection.
///
/// A statement with at most ``largestKeptStatement`` parameters is prepared once per connection and
/// kept in GRDB's cache, without its arguments once it ran; a larger one is prepared each time. GRDB
/// keeps every cached statement for the life of its connection with the last arguments bound: the
/// multi-row inserts of the audit, whose text changes with the row count of a batch, each kept up
/// to 500 rows of bodies and headers, and the memory of eventhos grew with every new batch size.
struct SQLiteTransaction: SQLTransaction {
    /// The most parameters of a statement kept prepared: a single-row statement or a small batch.
    static let largestKeptStatement = 256

    let db: Database

    var dialect: SQLDialect { .sqlite }

    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        try run(sql, arguments) { statement, arguments in
            let columns = SQLRow.Columns(statement.columnNames)
            let cursor = try Row.fetchCursor(statement, arguments: arguments)
            var rows = [SQLRow]()
            while let row = try cursor.next() {
                rows.append(SQLRow(columns: columns, values: row.databaseValues.map(\.sqlValue)))
            }
            return rows
        }
    }

    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int {
        try run(sql, arguments) { statement, arguments in
            try statement.execute(arguments: arguments)
            return db.changesCount
        }
    }

    /// Runs `body` on the statement of `sql`: kept (``largestKeptStatement``), then stripped of its
    /// arguments (GRDB's copy and SQLite's) once `body` ran it to completion; or prepared for this
    /// run only and freed with it.
    private func run<T>(
        _ sql: String, _ values: [any SQLBindable], _ body: (Statement, StatementArguments) throws -> T
    ) throws -> T {
        guard values.count <= Self.largestKeptStatement else {
            return try body(db.makeStatement(sql: sql), Self.arguments(values))
        }
        let statement = try db.cachedStatement(sql: sql)
        let result = try body(statement, Self.arguments(values))
        statement.setUncheckedArguments(StatementArguments())
        return result
    }

    private static func arguments(_ values: [any SQLBindable]) -> StatementArguments {
        StatementArguments(values.map(\.sqlValue.databaseValue))
    }
}

extension SQLValue {
    fileprivate var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .blob(let value): value.databaseValue
        }
    }
}

extension DatabaseValue {
    fileprivate var sqlValue: SQLValue {
        switch storage {
        case .null: .null
        case .int64(let value): .integer(value)
        case .double(let value): .real(value)
        case .string(let value): .text(value)
        case .blob(let value): .blob(value)
        }
    }
}
