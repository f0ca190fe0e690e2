import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosTemplates
import Foundation
import OrderedCollections

/// The form of a contract: identifier, name, event, action, order, active, its filter (JSON) and
/// `maxAge`, and its retry policy (`maxAttempts`, `backoff` as comma-separated durations; empty:
/// the server's default). Its status policy (`responses`) is kept as stored: the API writes it.
struct ConsoleContractForm: ConsoleRowForm {
    static let kind = RegistryKind.contract
    static let columns = ["Name", "Event → action", "Order", "Active"]

    static func cells(_ row: JSONObject) -> [String] {
        let route = texts(row, ["event", "action"]).map(\.1).joined(separator: " → ")
        return texts(row, ["name"]).map(\.1) + [route, text(row["order"]), row["active"] == .bool(true) ? "active" : "inactive"]
    }

    static func fields(_ values: ConsoleForm, registry: RegistryDefinition, editing: Bool) -> [ConsoleField] {
        [
            ConsoleField.identifier,
            ConsoleField("name", "Name", required: true),
            ConsoleField("event", "Event", .select, required: true, options: ConsoleField.options(registry.events.map(\.identifier))),
            ConsoleField("action", "Action", .select, required: true, options: ConsoleField.options(registry.actions.map(\.identifier))),
            ConsoleField("order", "Order", .number, hint: "Contracts of one event are delivered in this order; 0 when empty."),
            ConsoleField("active", "Active: deliver the event's messages", .checkbox),
            ConsoleField(
                "filter", "Filter", .textarea,
                hint: "JSON: only matching events are delivered, such as { \"body.total\": { \"$gte\": 1000 } }; empty delivers all.",
                code: true
            ).grouped("Delivery control"),
            ConsoleField("maxAge", "Maximum age", hint: "Such as 2h: older events are dead-lettered as expired; empty for no limit.")
                .grouped("Delivery control"),
            ConsoleField("maxAttempts", "Max attempts", .number, hint: "Tries before the dead queue; the server's default when empty.")
                .grouped("Retry policy"),
            ConsoleField("backoff", "Backoff", hint: "Delays between tries, comma-separated: 1s, 10s, 1m. The server's default when empty.")
                .grouped("Retry policy"),
        ]
    }

    static func values(_ row: JSONObject) -> ConsoleForm {
        var values = texts(row, ["identifier", "name", "event", "action"])
        values += [("order", text(row["order"])), ("active", row["active"] == .bool(true) ? "true" : "false")]
        values += [("filter", row["filter"]?.indentedString ?? ""), ("maxAge", text(row["maxAge"]))]
        if case .object(let retry)? = row["retry"] {
            values.append(("maxAttempts", text(retry["maxAttempts"])))
            if case .array(let delays)? = retry["backoff"] {
                values.append(("backoff", delays.map(text).joined(separator: ", ")))
            }
        }
        return ConsoleForm(values)
    }

    static func json(_ form: ConsoleForm, replacing identifier: String?, stored: RegistryDefinition) throws(RegistryWriteError) -> JSONValue {
        var row = strings(form, ["identifier", "name", "event", "action"])
        row["order"] = number(form.text("order"))
        row["active"] = .bool(form["active"] == "true")
        row["maxAge"] = number(form.text("maxAge"))
        if !form.text("filter").isEmpty {
            do {
                row["filter"] = try JSONParser.parse(Array(form.text("filter").utf8))
            } catch {
                throw .invalid([ConfigurationProblem(path: "filter", message: "the filter is not JSON: \(error)")])
            }
        }
        let current = identifier.flatMap { identifier in stored.contracts.first { $0.identifier == identifier } }
        row["responses"] = current?.responses?.json
        row["ordering"] = current?.ordering?.json
        var retry = JSONObject()
        retry["maxAttempts"] = number(form.text("maxAttempts"))
        let delays = form.text("backoff").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !delays.isEmpty {
            retry["backoff"] = .array(delays.map(JSONValue.string))
        }
        if !retry.isEmpty {
            row["retry"] = .object(retry)
        }
        return .object(row)
    }

    static var defaults: ConsoleForm { ConsoleForm([("active", "true")]) }

    /// The active toggle, and the delivery state with the pause switch.
    static func extras(_ identifier: String, row: JSONObject, services: ConsoleServices) async throws -> [String: Any] {
        var extras: [String: Any] = ["contractToggle": ["active": row["active"] == .bool(true)]]
        if let state = await services.control.deliveryState(of: identifier) {
            extras["contractDelivery"] = ConsoleContractDelivery.values(state)
        }
        return extras
    }

    private static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .int(let number)?: String(number)
        default: ""
        }
    }
}
