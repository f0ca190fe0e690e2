import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosTemplates

/// The form of an event: identifier, name, operation, producer and description.
struct ConsoleEventForm: ConsoleRowForm {
    static let kind = RegistryKind.event
    static let columns = ["Name", "Operation", "Producer"]
    private static let names = ["identifier", "name", "operation", "producer", "description"]

    static func cells(_ row: JSONObject) -> [String] {
        texts(row, ["name", "operation", "producer"]).map(\.1)
    }

    static func fields(_ values: ConsoleForm, registry: RegistryDefinition, editing: Bool) -> [ConsoleField] {
        let producers = registry.systems.filter { $0.systemClass != .subscriber }.map(\.identifier)
        return [
            ConsoleField.identifier,
            ConsoleField("name", "Name", required: true),
            ConsoleField("operation", "Operation", .select, options: ConsoleField.options(Operation.allCases.map(\.rawValue))),
            ConsoleField("producer", "Producer", .select, hint: "A producer or hybrid system.", required: true,
                options: ConsoleField.options(producers)),
            ConsoleField("description", "Description", .textarea),
        ]
    }

    static var defaults: ConsoleForm { ConsoleForm([("operation", "new")]) }

    static func values(_ row: JSONObject) -> ConsoleForm {
        ConsoleForm(texts(row, names))
    }

    static func json(_ form: ConsoleForm, replacing identifier: String?, stored: RegistryDefinition) throws(RegistryWriteError) -> JSONValue {
        .object(strings(form, names))
    }
}
