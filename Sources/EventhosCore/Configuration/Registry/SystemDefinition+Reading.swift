extension SystemDefinition {
    /// Reads one row of `systems`; its keys are read from the environment and only their hashes kept.
    ///
    /// `keyHashes` and `amqpUsers` are shared by all systems: a key or a broker user names one system.
    static func row(
        _ row: inout ConfigMapping, keyHashes: inout UniquenessCheck<ProducerKeyHash>, amqpUsers: inout UniquenessCheck<String>
    ) -> RegistryRow<SystemDefinition> {
        let written = row.optional("identifier", as: String.self)
        let name = row.required("name", as: String.self)
        let type = row.optional("type", default: "")
        let systemClass = row.optional("class", default: Class.hybrid)
        let description = row.optional("description", default: "")
        var keyNames = UniquenessCheck<String>(of: "key name")
        let keys = row.value("keys")?.list { element in
            element.mapping { key in ProducerKeyDefinition(config: &key, names: &keyNames, hashes: &keyHashes) }
        }
        if systemClass == .subscriber, keys?.isEmpty == false {
            row.report("a subscriber system has no producer keys: make it a producer or hybrid system", at: "keys")
        }
        let amqpUser = row.optional("amqpUser", as: String.self, .nonEmpty)
        if let amqpUser {
            amqpUsers.claim(amqpUser, shown: amqpUser, at: row.location(of: "amqpUser"), reader: row.reader)
        }
        let identifier = row.rowIdentifier(written, derivedFrom: name)
        guard let identifier, let name else { return RegistryRow(identifier: identifier) }
        return RegistryRow(
            identifier: identifier,
            definition: SystemDefinition(
                identifier: identifier.value, name: name, type: type, systemClass: systemClass, description: description,
                keys: keys ?? [], amqpUser: amqpUser
            )
        )
    }
}

extension ProducerKeyDefinition {
    /// Reads one of a system's `keys`: `{ name, keyEnv }`, or `{ name, key }` in development.
    fileprivate init?(
        config key: inout ConfigMapping, names: inout UniquenessCheck<String>, hashes: inout UniquenessCheck<ProducerKeyHash>
    ) {
        let name = key.required("name", as: String.self, .nonEmpty)
        let secret = key.secret("key")
        guard let name, let secret else { return nil }
        let hash = ProducerKeyHash(key: secret.value)
        names.claim(name, shown: name, at: key.location(of: "name"), reader: key.reader)
        hashes.claim(hash, shown: nil, at: key.location, reader: key.reader)
        self.init(name: name, hash: hash)
    }
}
