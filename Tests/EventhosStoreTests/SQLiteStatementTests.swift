import GRDB
import Testing

@testable import EventhosStore

/// What a SQLite connection keeps of the statements it ran. GRDB caches prepared statements for the
/// life of the connection, so whatever a cached statement holds stays in memory.
@Suite struct SQLiteStatementTests {
    private static let insert = "INSERT INTO note (id, body) VALUES (?, ?)"

    @Test func keptStatementsHoldNoArgumentsOnceTheyRan() async throws {
        try await withNoteTable { db, transaction in
            try transaction.execute(Self.insert, [1, "a body that must not stay in memory"])
            let select = "SELECT body FROM note WHERE id = ?"
            let bodies: [String] = try transaction.values(select, [1])

            #expect(bodies == ["a body that must not stay in memory"])
            #expect(try db.cachedStatement(sql: Self.insert).arguments.isEmpty)
            #expect(try db.cachedStatement(sql: select).arguments.isEmpty)
        }
    }

    /// GRDB binds a statement of more than 20 parameters by copying every value into SQLite, whose
    /// `sqlite_stmt` table (Debian's SQLite is built with it) gives the memory each statement holds.
    @Test func keptBatchesHoldNoCopyOfTheirTextsInSQLite() async throws {
        try await withNoteTable { db, transaction in
            let rows = 11
            let body = String(repeating: "x", count: 64 * 1024)
            let batch = Self.batch(rows: rows)
            try transaction.execute(batch, (1...rows).flatMap { id -> [any SQLBindable] in [id, body] })
            let memory: [Int] = try Int.fetchAll(db, sql: "SELECT mem FROM sqlite_stmt WHERE sql = ?", arguments: [batch])

            #expect(memory.count == 1, "a batch of \(rows * 2) parameters is kept")
            #expect(memory.allSatisfy { $0 < body.utf8.count }, "it holds none of its \(rows) bodies: \(memory) bytes")
        }
    }

    /// Multi-row batches change their text with their row count: kept, every size would stay.
    @Test func statementsOfManyParametersAreNotKept() async throws {
        try await withNoteTable { db, transaction in
            let rows = SQLiteTransaction.largestKeptStatement / 2 + 1
            let batch = Self.batch(rows: rows)
            let inserted = try transaction.execute(
                batch, (1...rows).flatMap { id -> [any SQLBindable] in [id, "body \(id)"] })
            try transaction.execute(Self.insert, [rows + 1, "one more"])
            let prepared = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_stmt")

            #expect(inserted == rows)
            #expect(prepared.contains(Self.insert), "a statement of two parameters is kept")
            #expect(!prepared.contains(batch), "a batch of \(rows * 2) parameters is not")
        }
    }

    /// An insert of `rows` rows into `note`.
    private static func batch(rows: Int) -> String {
        "INSERT INTO note (id, body) VALUES " + Array(repeating: "(?, ?)", count: rows).joined(separator: ", ")
    }

    /// Runs `body` in a write transaction of a new SQLite store that has a table `note (id, body)`.
    private func withNoteTable(_ body: @escaping @Sendable (Database, SQLiteTransaction) throws -> Void) async throws {
        try await TemporaryStore.with(.sqlite) { temporary in
            let store = try await temporary.open()
            try await store.sqlitePool.write { db in
                try db.execute(sql: "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
                try body(db, SQLiteTransaction(db: db))
            }
        }
    }
}
