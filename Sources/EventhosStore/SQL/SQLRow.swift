/// One row of a result, its columns read by name.
public struct SQLRow: Sendable {
    /// The positions of a result's columns, shared by all of its rows.
    final class Columns: Sendable {
        let positions: [String: Int]

        init(_ names: [String]) {
            var positions = [String: Int]()
            for (position, name) in names.enumerated() where positions[name] == nil {
                positions[name] = position
            }
            self.positions = positions
        }
    }

    let columns: Columns
    let values: [SQLValue]

    /// The column `name`, converted to the type the caller wants.
    ///
    /// - Throws: ``StoreError/Code/invalidRow`` when the result has no such column or its value
    ///   has another type.
    public subscript<Value: SQLColumnDecodable>(_ name: String) -> Value {
        get throws(StoreError) {
            try Value(sqlValue: value(name), column: name)
        }
    }
}

extension SQLRow {
    /// The column `name` as the backend returned it.
    func value(_ name: String) throws(StoreError) -> SQLValue {
        guard let position = columns.positions[name] else {
            throw StoreError(.invalidRow, "the result has no column '\(name)'")
        }
        return values[position]
    }
}
