import EventhosJSON
import EventhosTemplates
import OrderedCollections
import Yams

extension RegistryDefinition {
    /// Reads one row written as JSON, a body of the admin API, with the rules and the messages of
    /// the configuration file: the same field names, defaults, identifier derivation and checks.
    ///
    /// References resolve against `stored` (deleted rows are not in it, so naming one is refused
    /// as unknown). Secrets are given inline (`token`, `password`…): `...Env` names are refused,
    /// since the server's environment is not the caller's. Producer keys are not part of a system's
    /// body: they have their own routes.
    ///
    /// - Parameters:
    ///   - kind: What the row is.
    ///   - body: The row.
    ///   - identifier: The identifier of the row this one replaces; `nil` for a new row. The body
    ///     may omit it, and may not change it.
    ///   - stored: The registry in force.
    ///   - defaultRetry: The policy a contract's `retry` overrides.
    /// - Returns: A registry holding only the row read.
    /// - Throws: Every problem found, each with its path in the body (`http.timeout`).
    public static func row(
        _ kind: RegistryKind, json body: JSONValue, replacing identifier: String? = nil,
        in stored: RegistryDefinition, defaultRetry: RetryPolicy
    ) throws(ConfigurationError) -> RegistryDefinition {
        let reader = ConfigReader(environment: [:], overridableSections: [], jsonTypes: true)
        let value = ConfigValue(
            node: Node(json: prepared(body, kind: kind, replacing: identifier, reader: reader)),
            location: ConfigLocation(path: "", line: nil), reader: reader)
        let row = value.mapping { row in
            read(kind, &row, replacing: identifier, in: stored, defaultRetry: defaultRetry)
        }
        guard let row, reader.problems.isEmpty else {
            throw ConfigurationError(problems: reader.problems)
        }
        return row
    }

    /// The body with the identifier of the row it replaces; reports a changed identifier and producer keys.
    private static func prepared(
        _ body: JSONValue, kind: RegistryKind, replacing identifier: String?, reader: ConfigReader
    ) -> JSONValue {
        guard case .object(var members) = body else { return body }
        if kind == .system, members.removeValue(forKey: "keys") != nil {
            reader.report(
                "producer keys are not part of a system: use /api/v1/systems/{id}/keys", at: ConfigLocation(path: "keys", line: nil))
        }
        if let identifier {
            if let written = members["identifier"], written != .string(identifier) {
                reader.report(
                    "the identifier of a row cannot change: it is \"\(identifier)\"", at: ConfigLocation(path: "identifier", line: nil))
            }
            members["identifier"] = .string(identifier)
        }
        return .object(members)
    }

    private static func read(
        _ kind: RegistryKind, _ row: inout ConfigMapping, replacing identifier: String?, in stored: RegistryDefinition,
        defaultRetry: RetryPolicy
    ) -> RegistryDefinition? {
        let systems = RegistryIndex(kind: "system", known: stored.systems)
        let events = RegistryIndex(kind: "event", known: stored.events)
        switch kind {
        case .system:
            var keyHashes = UniquenessCheck<ProducerKeyHash>(of: "producer key")
            var amqpUsers = UniquenessCheck<String>(of: "amqpUser")
            for other in stored.systems where other.identifier != identifier {
                if let user = other.amqpUser {
                    let location = ConfigLocation(path: "system \"\(other.identifier)\"", line: nil)
                    amqpUsers.claim(user, shown: user, at: location, reader: row.reader)
                }
            }
            let system = SystemDefinition.row(&row, keyHashes: &keyHashes, amqpUsers: &amqpUsers).definition
            if let system, identifier != nil {
                checkDependants(of: system, in: stored, row: row)
            }
            return system.map { RegistryDefinition(systems: [$0]) }
        case .event:
            let event = EventDefinition.row(&row, systems: systems).definition
            if let event, identifier != nil {
                checkReplies(to: event, in: stored, row: row)
            }
            return event.map { RegistryDefinition(events: [$0]) }
        case .action:
            return ActionDefinition.row(&row, systems: systems, events: events).definition.map { RegistryDefinition(actions: [$0]) }
        case .contract:
            let actions = RegistryIndex(kind: "action", known: stored.actions)
            return ContractDefinition.row(&row, events: events, actions: actions, defaultRetry: defaultRetry).definition
                .map { RegistryDefinition(contracts: [$0]) }
        }
    }

    /// A system keeps a class that fits the events it produces and the actions it subscribes.
    private static func checkDependants(of system: SystemDefinition, in stored: RegistryDefinition, row: ConfigMapping) {
        let produced = stored.events.filter { $0.producer == system.identifier }.map(\.identifier)
        let subscribed = stored.actions.filter { $0.subscriber == system.identifier }.map(\.identifier)
        if system.systemClass == .subscriber, !produced.isEmpty {
            row.report(
                "system \"\(system.identifier)\" produces \(list(produced)): it must stay a producer or hybrid system", at: "class")
        }
        if system.systemClass == .producer, !subscribed.isEmpty {
            row.report(
                "system \"\(system.identifier)\" subscribes \(list(subscribed)): it must stay a subscriber or hybrid system",
                at: "class")
        }
    }

    /// An event that actions reply with stays produced by those actions' subscriber.
    private static func checkReplies(to event: EventDefinition, in stored: RegistryDefinition, row: ConfigMapping) {
        let replying = stored.actions.filter { $0.replyTo == event.identifier && $0.subscriber != event.producer }
        if !replying.isEmpty {
            row.report(
                "\(list(replying.map(\.identifier))) reply with this event: its producer must stay their subscriber",
                at: "producer")
        }
    }

    private static func list(_ identifiers: [String]) -> String {
        identifiers.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
