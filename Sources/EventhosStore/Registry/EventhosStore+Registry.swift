import EventhosCore
import EventhosTemplates
import Foundation
import Logging

extension EventhosStore {
    /// Writes `registry` into the store in one transaction.
    ///
    /// Rows are upserted by identifier (systems, events, actions with their security, contracts),
    /// producer keys by (system, name): a key whose hash changed is revoked and replaced. Rows and
    /// keys that `registry` does not hold are left alone, unless `prune`: then rows are soft-deleted
    /// and the keys of the registry's systems revoked. References may name rows already stored.
    ///
    /// - Throws: ``StoreError/Code/secretKeyRequired`` when actions hold secrets and the store has
    ///   no cipher; ``StoreError/Code/unknownReference`` when a row names one that does not exist.
    /// - Returns: What was created, updated, left unchanged and pruned.
    @discardableResult
    public func apply(_ registry: RegistryDefinition, prune: Bool = false) async throws(StoreError) -> RegistryChanges {
        if cipher == nil, registry.actions.contains(where: { StoredSecurity($0.security, signing: $0.signing).secrets != nil }) {
            throw StoreError(.secretKeyRequired, "actions hold secrets: configure security.secretKeyEnv")
        }
        let changes = try await write { db in try self.apply(registry, prune: prune, in: db) }
        logger.info("registry applied", metadata: ["changes": "\(changes)"])
        return changes
    }

    /// Every row that is not deleted, with the hashes of valid keys and decrypted secrets.
    ///
    /// - Throws: ``StoreError/Code/secretKeyRequired`` or ``StoreError/Code/undecryptableSecret``
    ///   when a secret cannot be decrypted.
    public func loadRegistry() async throws(StoreError) -> RegistryDefinition {
        try await read { db in
            var keys = [Int64: [ProducerKeyDefinition]]()
            for row in try db.rows("SELECT system_id, name, key_hash FROM producer_key WHERE revoked_at IS NULL ORDER BY id", []) {
                keys[try row["system_id"], default: []].append(
                    ProducerKeyDefinition(name: try row["name"], hash: ProducerKeyHash(hex: try row["key_hash"])))
            }
            let systems = try db.rows("SELECT * FROM system WHERE deleted = 0 ORDER BY id", []).map {
                row throws(StoreError) in try SystemDefinition(row: row, keys: keys[try row["id"]] ?? [])
            }
            let events = try db.rows(
                """
                    SELECT event.*, system.identifier AS producer
                    FROM event JOIN system ON system.id = event.producer_id
                    WHERE event.deleted = 0 ORDER BY event.id
                    """, []
            ).map(EventDefinition.init(row:))
            let actions = try db.rows(
                """
                    SELECT action.*, system.identifier AS subscriber, reply.identifier AS reply_to,
                        action_security.type AS security_type, action_security.settings AS security_settings,
                        action_security.secret AS security_secret
                    FROM action JOIN system ON system.id = action.subscriber_id
                    LEFT JOIN event AS reply ON reply.id = action.reply_to_event_id
                    LEFT JOIN action_security ON action_security.action_id = action.id
                    WHERE action.deleted = 0 ORDER BY action.id
                    """, []
            ).map { row throws(StoreError) in
                let (security, signing) = try self.security(from: row)
                return try ActionDefinition(row: row, security: security, signing: signing)
            }
            let contracts = try db.rows(
                """
                    SELECT contract.*, event.identifier AS event, action.identifier AS action
                    FROM contract
                    JOIN event ON event.id = contract.event_id
                    JOIN action ON action.id = contract.action_id
                    WHERE contract.deleted = 0 ORDER BY contract.id
                    """, []
            ).map(ContractDefinition.init(row:))
            return RegistryDefinition(systems: systems, events: events, actions: actions, contracts: contracts)
        }
    }

    private func apply(_ registry: RegistryDefinition, prune: Bool, in db: any SQLTransaction) throws -> RegistryChanges {
        if let lock = db.dialect.registryLock {
            try db.execute(lock, [])
        }
        let now = Date().storageText
        var changes = RegistryChanges()
        let systemTable = RegistryTable(name: "system")
        let systems = try systemTable.sync(registry.systems.map(\.registryRow), in: db, now: now, prune: prune)
        changes.systems = systems.counts
        changes.keys = try syncKeys(of: registry.systems, ids: systems.ids, in: db, now: now, prune: prune)
        let systemIds = try systemTable.liveIds(in: db)

        let eventTable = RegistryTable(name: "event")
        let eventRows = try registry.events.map { event throws(StoreError) in
            try event.registryRow(systemIds: systemIds)
        }
        changes.events = try eventTable.sync(eventRows, in: db, now: now, prune: prune).counts

        let actionTable = RegistryTable(name: "action")
        let eventIds = try eventTable.liveIds(in: db)
        let actionRows = try registry.actions.map { action throws(StoreError) in
            try action.registryRow(systemIds: systemIds, eventIds: eventIds)
        }
        let actions = try actionTable.sync(actionRows, in: db, now: now, prune: prune)
        changes.actions = actions.counts
        for action in registry.actions {
            let id = actions.ids[action.identifier]!  // `sync` returns the id of every row it was given.
            let changed = try syncSecurity(of: action, id: id, in: db, now: now)
            if changed, actions.unchanged.contains(action.identifier) {
                try actionTable.touch(id: id, in: db, now: now)
                changes.actions.unchanged -= 1
                changes.actions.updated += 1
            }
        }

        let actionIds = try actionTable.liveIds(in: db)
        let contractRows = try registry.contracts.map { contract throws(StoreError) in
            try contract.registryRow(eventIds: eventIds, actionIds: actionIds)
        }
        let contracts = try RegistryTable(name: "contract").sync(contractRows, in: db, now: now, prune: prune)
        changes.contracts = contracts.counts
        return changes
    }
}
