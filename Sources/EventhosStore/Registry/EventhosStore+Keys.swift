import EventhosCore

extension EventhosStore {
    /// Inserts the keys of `systems` by name, replacing (revoking) a key whose hash changed;
    /// when `prune`, revokes their other valid keys.
    func syncKeys(
        of systems: [SystemDefinition], ids: [String: Int64], in db: any SQLTransaction, now: String, prune: Bool
    ) throws -> RegistryChanges.Counts {
        var counts = RegistryChanges.Counts()
        for system in systems {
            let systemId = ids[system.identifier]!  // `RegistryTable.sync` returns the id of every row it was given.
            var stored = [String: SQLRow]()
            for row in try db.rows(
                "SELECT id, name, key_hash FROM producer_key WHERE system_id = ? AND revoked_at IS NULL", [systemId])
            {
                stored[try row["name"]] = row
            }
            for key in system.keys {
                if let existing = stored.removeValue(forKey: key.name) {
                    if ProducerKeyHash(hex: try existing["key_hash"]).constantTimeEquals(key.hash) {
                        counts.unchanged += 1
                        continue
                    }
                    try revokeKey(id: try existing["id"], in: db, now: now)
                    counts.updated += 1
                } else {
                    counts.created += 1
                }
                try db.execute(
                    "INSERT INTO producer_key (system_id, name, key_hash, created_at) VALUES (?, ?, ?, ?)",
                    [systemId, key.name, key.hash.hex, now])
            }
            if prune {
                for row in stored.values {
                    try revokeKey(id: try row["id"], in: db, now: now)
                    counts.pruned += 1
                }
            }
        }
        return counts
    }

    private func revokeKey(id: Int64, in db: any SQLTransaction, now: String) throws {
        try db.execute("UPDATE producer_key SET revoked_at = ? WHERE id = ?", [now, id])
    }
}
