import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosStore
import EventhosTemplates
import OrderedCollections

/// The form of a system: identifier, name, type, class and description.
struct ConsoleSystemForm: ConsoleRowForm {
    static let kind = RegistryKind.system
    static let columns = ["Name", "Type", "Class"]
    private static let names = ["identifier", "name", "type", "class", "description"]

    static func cells(_ row: JSONObject) -> [String] {
        texts(row, ["name", "type", "class"]).map(\.1)
    }

    static func fields(_ values: ConsoleForm, registry: RegistryDefinition, editing: Bool) -> [ConsoleField] {
        [
            ConsoleField.identifier,
            ConsoleField("name", "Name", required: true),
            ConsoleField("type", "Type", hint: "What the system is: SaaS, ERP, CRM…"),
            ConsoleField(
                "class", "Class", .select, hint: "A producer sends events, a subscriber receives actions, a hybrid system does both.",
                options: [.init(value: "producer", label: "producer"), .init(value: "subscriber", label: "subscriber"),
                    .init(value: "hybrid", label: "both (hybrid)")]),
            ConsoleField("description", "Description", .textarea),
        ]
    }

    static func values(_ row: JSONObject) -> ConsoleForm {
        ConsoleForm(texts(row, names))
    }

    static func json(_ form: ConsoleForm, replacing identifier: String?, stored: RegistryDefinition) throws(RegistryWriteError) -> JSONValue {
        var row = strings(form, names)
        if let identifier, let system = stored.systems.first(where: { $0.identifier == identifier }), let user = system.amqpUser {
            row["amqpUser"] = .string(user)
        }
        return .object(row)
    }

    /// The system's producer keys (never the keys, only their first characters).
    static func extras(_ identifier: String, row: JSONObject, services: ConsoleServices) async throws -> [String: Any] {
        let keys = try await services.store.keys(system: identifier) ?? []
        let rows = keys.map { key -> [String: Any] in
            [
                "name": key.name, "prefix": key.prefix ?? "(from the configuration file)", "createdAt": AdminTime.text(key.createdAt),
                "lastUsedAt": key.lastUsedAt.map(AdminTime.text) ?? "never",
            ]
        }
        return ["producerKeys": ["keys": rows, "noKeys": rows.isEmpty, "canHaveKeys": row["class"] != .string("subscriber")]]
    }
}
