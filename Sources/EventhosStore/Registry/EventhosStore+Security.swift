import EventhosCore
import EventhosJSON
import EventhosTemplates
import Foundation

extension EventhosStore {
    /// Stores the security and signing of an action, their secret fields encrypted; returns whether they changed.
    ///
    /// Stored secrets are compared in clear, so that re-applying the same registry changes
    /// nothing; a secret that no longer opens (the key changed) is re-encrypted with the current key.
    func syncSecurity(of definition: ActionDefinition, id: Int64, in db: any SQLTransaction, now: String) throws -> Bool {
        let action = definition.identifier
        let wanted = StoredSecurity(definition.security, signing: definition.signing)
        let stored = try db.row(
            """
                SELECT type AS security_type, settings AS security_settings, secret AS security_secret
                FROM action_security WHERE action_id = ?
                """,
            [id])
        if let stored, (try? storedSecurity(from: stored, action: action)) == wanted {
            return false
        }
        let secret = try wanted.secrets.map { secrets throws(StoreError) -> Data in
            // `apply` refuses registries with secrets when there is no cipher.
            try cipher!.seal(Data(secrets.storageText.utf8), context: action)
        }
        try db.execute(
            """
                INSERT INTO action_security (action_id, type, settings, secret, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (action_id) DO UPDATE SET
                    type = excluded.type, settings = excluded.settings, secret = excluded.secret,
                    updated_at = excluded.updated_at
                """,
            [id, wanted.type, wanted.settings.storageText, secret, now, now])
        return stored != nil
    }

    /// Reads the security columns (`security_type`, `security_settings`, `security_secret`) of an action row.
    func security(from row: SQLRow) throws(StoreError) -> (security: ActionSecurity, signing: ActionSigning?) {
        guard try row["security_type"] as String? != nil else { return (.none, nil) }
        let stored = try storedSecurity(from: row, action: try row["identifier"])
        return (try stored.security(), try stored.signing())
    }

    private func storedSecurity(from row: SQLRow, action: String) throws(StoreError) -> StoredSecurity {
        var secrets: JSONValue?
        if let sealed: Data = try row["security_secret"] {
            guard let cipher else {
                throw StoreError(
                    .secretKeyRequired, "action '\(action)' holds secrets: configure security.secretKeyEnv")
            }
            secrets = try JSONValue(storageText: String(decoding: cipher.open(sealed, context: action), as: UTF8.self))
        }
        return StoredSecurity(
            type: try row["security_type"], settings: try JSONValue(storageText: try row["security_settings"]), secrets: secrets
        )
    }
}
