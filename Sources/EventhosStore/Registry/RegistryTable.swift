import GRDB

/// One registry table, synchronised by identifier inside an `apply` transaction.
struct RegistryTable {
    /// What became of each row of the registry.
    struct Result {
        var counts = RegistryChanges.Counts()
        /// The id of every row of the registry.
        var ids: [String: Int64] = [:]
        /// Identifiers of the rows left as they were.
        var unchanged: Set<String> = []
    }

    let name: String

    /// Upserts `rows` by identifier (reviving soft-deleted ones); when `prune`, soft-deletes the others.
    func sync(_ rows: [RegistryRow], in db: Database, now: String, prune: Bool) throws -> Result {
        var stored = [String: Row]()
        for row in try Row.fetchAll(db, sql: "SELECT * FROM \(name)") {
            stored[row["identifier"]] = row
        }
        var result = Result()
        for row in rows {
            if let existing = stored.removeValue(forKey: row.identifier) {
                let id: Int64 = existing["id"]
                result.ids[row.identifier] = id
                if row.matches(existing) {
                    result.counts.unchanged += 1
                    result.unchanged.insert(row.identifier)
                } else {
                    try update(id: id, with: row, in: db, now: now)
                    result.counts.updated += 1
                }
            } else {
                result.ids[row.identifier] = try insert(row, in: db, now: now)
                result.counts.created += 1
            }
        }
        if prune {
            for row in stored.values where row["deleted"] == false {
                try db.execute(
                    sql: "UPDATE \(name) SET deleted = 1, updated_at = ? WHERE id = ?", arguments: [now, row["id"]])
                result.counts.pruned += 1
            }
        }
        return result
    }

    /// Marks a row as changed when something stored beside it (an action's security) changed.
    func touch(id: Int64, in db: Database, now: String) throws {
        try db.execute(sql: "UPDATE \(name) SET updated_at = ? WHERE id = ?", arguments: [now, id])
    }

    /// The ids of the rows that are not deleted, by identifier.
    func liveIds(in db: Database) throws -> [String: Int64] {
        var ids = [String: Int64]()
        for row in try Row.fetchAll(db, sql: "SELECT identifier, id FROM \(name) WHERE deleted = 0") {
            ids[row["identifier"]] = row["id"]
        }
        return ids
    }

    private func insert(_ row: RegistryRow, in db: Database, now: String) throws -> Int64 {
        let names = ["identifier"] + row.columns.map(\.name) + ["created_at", "updated_at"]
        let values = [row.identifier.databaseValue] + row.columns.map(\.value) + [now.databaseValue, now.databaseValue]
        let placeholders = databaseQuestionMarks(count: names.count)
        try db.execute(
            sql: "INSERT INTO \(name) (\(names.joined(separator: ", "))) VALUES (\(placeholders))",
            arguments: StatementArguments(values))
        return db.lastInsertedRowID
    }

    private func update(id: Int64, with row: RegistryRow, in db: Database, now: String) throws {
        let assignments = row.columns.map { "\($0.name) = ?" } + ["deleted = 0", "updated_at = ?"]
        try db.execute(
            sql: "UPDATE \(name) SET \(assignments.joined(separator: ", ")) WHERE id = ?",
            arguments: StatementArguments(row.columns.map(\.value) + [now.databaseValue, id.databaseValue]))
    }
}
