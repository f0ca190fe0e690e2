import Foundation

/// A value bound to a statement or read from a column, in the types both backends share.
///
/// Booleans are stored as integers (0 or 1) and timestamps as ISO-8601 text, so that the tables
/// have the same columns in SQLite and PostgreSQL.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A Swift value that binds to a statement parameter.
public protocol SQLBindable: Sendable {
    var sqlValue: SQLValue { get }
}

/// A Swift value that a column converts to.
public protocol SQLColumnDecodable {
    /// Reads the value; throws ``StoreError/Code/invalidRow`` when the column holds another type.
    init(sqlValue: SQLValue, column: String) throws(StoreError)
}

extension SQLValue: SQLBindable {
    public var sqlValue: SQLValue { self }
}

extension String: SQLBindable, SQLColumnDecodable {
    public var sqlValue: SQLValue { .text(self) }

    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        guard case .text(let text) = sqlValue else { throw .unexpected(sqlValue, in: column, wanted: "text") }
        self = text
    }
}

extension Int64: SQLBindable, SQLColumnDecodable {
    public var sqlValue: SQLValue { .integer(self) }

    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        guard case .integer(let integer) = sqlValue else { throw .unexpected(sqlValue, in: column, wanted: "an integer") }
        self = integer
    }
}

extension Int: SQLBindable, SQLColumnDecodable {
    public var sqlValue: SQLValue { .integer(Int64(self)) }

    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        self = Int(try Int64(sqlValue: sqlValue, column: column))
    }
}

extension Bool: SQLBindable, SQLColumnDecodable {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }

    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        self = try Int64(sqlValue: sqlValue, column: column) != 0
    }
}

extension Data: SQLBindable, SQLColumnDecodable {
    public var sqlValue: SQLValue { .blob(self) }

    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        guard case .blob(let data) = sqlValue else { throw .unexpected(sqlValue, in: column, wanted: "bytes") }
        self = data
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension Optional: SQLColumnDecodable where Wrapped: SQLColumnDecodable {
    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        self = sqlValue == .null ? nil : try Wrapped(sqlValue: sqlValue, column: column)
    }
}

extension StoreError {
    fileprivate static func unexpected(_ value: SQLValue, in column: String, wanted: String) -> StoreError {
        StoreError(.invalidRow, "column '\(column)' holds \(value == .null ? "NULL" : "another type"), not \(wanted)")
    }
}
