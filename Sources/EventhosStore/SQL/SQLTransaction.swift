/// One transaction of a backend, whose statements run one after the other on the thread that
/// runs the transaction's body.
///
/// Statements use `?` placeholders, bound in order; a backend whose server numbers its
/// parameters (PostgreSQL) rewrites them.
public protocol SQLTransaction {
    /// The SQL the backend speaks, for the few statements that differ.
    var dialect: SQLDialect { get }

    /// Runs a query and returns all of its rows.
    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow]

    /// Runs a statement and returns how many rows it inserted, updated or deleted.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int
}

extension SQLTransaction {
    /// The first row of a query, or `nil`.
    func row(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row of a query; `nil` when there is no row.
    func value<Value: SQLColumnDecodable>(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> Value? {
        guard let row = try rows(sql, arguments).first else { return nil }
        return try Value(sqlValue: row.values[0], column: "1")
    }

    /// The first column of every row of a query.
    func values<Value: SQLColumnDecodable>(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> [Value] {
        try rows(sql, arguments).map { row throws(StoreError) in try Value(sqlValue: row.values[0], column: "1") }
    }
}

/// The SQL dialect of a backend.
public enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// A statement that makes concurrent `apply` transactions of several instances wait for each
    /// other (PostgreSQL's transaction-scoped advisory lock); `nil` where writes are serial anyway.
    var registryLock: String? {
        switch self {
        case .sqlite: nil
        case .postgres: "SELECT pg_advisory_xact_lock(7467312)"
        }
    }

    /// `count` comma-separated `?` placeholders.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
