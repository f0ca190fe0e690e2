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
    func sync(_ rows: [RegistryRow], in db: any SQLTransaction, now: String, prune: Bool) throws -> Result {
        var stored = [String: SQLRow]()
        for row in try db.rows("SELECT * FROM \(name)", []) {
            stored[try row["identifier"]] = row
        }
        var result = Result()
        for row in rows {
            if let existing = stored.removeValue(forKey: row.identifier) {
                let id: Int64 = try existing["id"]
                result.ids[row.identifier] = id
                if try row.matches(existing) {
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
            for row in stored.values where try row["deleted"] == false {
                try db.execute("UPDATE \(name) SET deleted = 1, updated_at = ? WHERE id = ?", [now, try row["id"] as Int64])
                result.counts.pruned += 1
            }
        }
        return result
    }

    /// Marks a row as changed when something stored beside it (an action's security) changed.
    func touch(id: Int64, in db: any SQLTransaction, now: String) throws {
        try db.execute("UPDATE \(name) SET updated_at = ? WHERE id = ?", [now, id])
    }

    /// The ids of the rows that are not deleted, by identifier.
    func liveIds(in db: any SQLTransaction) throws -> [String: Int64] {
        var ids = [String: Int64]()
        for row in try db.rows("SELECT identifier, id FROM \(name) WHERE deleted = 0", []) {
            ids[try row["identifier"]] = try row["id"]
        }
        return ids
    }

    private func insert(_ row: RegistryRow, in db: any SQLTransaction, now: String) throws -> Int64 {
        let names = ["identifier"] + row.columns.map(\.name) + ["created_at", "updated_at"]
        let values: [any SQLBindable] = [row.identifier] + row.columns.map(\.value) + [now, now]
        let id: Int64? = try db.value(
            "INSERT INTO \(name) (\(names.joined(separator: ", "))) VALUES (\(SQLDialect.placeholders(names.count))) RETURNING id",
            values)
        guard let id else { throw StoreError(.database, "inserting into \(name) returned no id") }
        return id
    }

    private func update(id: Int64, with row: RegistryRow, in db: any SQLTransaction, now: String) throws {
        let assignments = row.columns.map { "\($0.name) = ?" } + ["deleted = 0", "updated_at = ?"]
        try db.execute(
            "UPDATE \(name) SET \(assignments.joined(separator: ", ")) WHERE id = ?",
            row.columns.map(\.value) + [now, id])
    }
}
