import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosTemplates
import OrderedCollections

/// What the console knows of one registry kind: its list's columns, its form's fields, and how the
/// form's fields become the JSON row the admin API takes (and back, for editing).
///
/// Field names are the configuration file's keys (`http.url` is `url`, `retry.backoff` is
/// `backoff`, an action's security settings are `security.<key>`); the row is then read by the
/// configuration's own row reader (``LiveRegistry/save(_:json:replacing:)``).
protocol ConsoleRowForm: Sendable {
    static var kind: RegistryKind { get }
    /// The list's columns after the identifier.
    static var columns: [String] { get }

    /// The list's cells after the identifier, for a row as the admin API shows it.
    static func cells(_ row: JSONObject) -> [String]

    /// The form's fields, holding `values`; selects offer the rows of `registry`.
    /// - Parameter editing: whether the form edits a stored row (its identifier is fixed, secrets kept when left empty).
    static func fields(_ values: ConsoleForm, registry: RegistryDefinition, editing: Bool) -> [ConsoleField]

    /// The form's values for a stored row, secrets left out.
    static func values(_ row: JSONObject) -> ConsoleForm

    /// The row the form describes, as the admin API's JSON body; `stored` is the registry in force,
    /// from which an edited row keeps what the form does not show (and secrets left empty).
    static func json(_ form: ConsoleForm, replacing identifier: String?, stored: RegistryDefinition) throws(RegistryWriteError) -> JSONValue

    /// The values of the create form before anything is typed.
    static var defaults: ConsoleForm { get }

    /// What the row's page shows beside the definition (a system's keys, a contract's toggle).
    static func extras(_ identifier: String, row: JSONObject, services: ConsoleServices) async throws -> [String: Any]

    /// What the form's template shows beside the fields (the action's "try it").
    static func editorExtras(_ values: ConsoleForm, editing identifier: String?) -> [String: Any]
}

extension ConsoleRowForm {
    /// The form field a problem's path names (`http.headers.X` is `headers`), if the form has it.
    static func field(for path: String, among names: Set<String>) -> String? {
        if path == "security.type" {
            return "security"
        }
        if path.hasPrefix("security.") {
            let key = "security." + path.dropFirst("security.".count).prefix { $0 != "." && $0 != "[" }
            return names.contains(key) ? key : "security"
        }
        var rest = Substring(path)
        for prefix in ["http.", "retry."] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
        }
        let key = String(rest.prefix { $0 != "." && $0 != "[" })
        return names.contains(key) ? key : nil
    }

    /// A field's text as JSON: an integer when it reads as one, else the text, so that the row
    /// reader reports a bad value with its path; `nil` when empty.
    static func number(_ text: String) -> JSONValue? {
        guard !text.isEmpty else { return nil }
        return Int64(text).map(JSONValue.int) ?? .string(text)
    }

    /// The text fields of `names` that are not empty, as JSON strings.
    static func strings(_ form: ConsoleForm, _ names: [String]) -> JSONObject {
        var object = JSONObject()
        for name in names where !form.text(name).isEmpty {
            object[name] = .string(form.text(name))
        }
        return object
    }

    /// The string fields of `names` of a row as form values.
    static func texts(_ row: JSONObject, _ names: [String]) -> [(String, String)] {
        names.compactMap { name in
            guard case .string(let text)? = row[name] else { return nil }
            return (name, text)
        }
    }
}

extension ConsoleRowForm {
    static var defaults: ConsoleForm { ConsoleForm() }

    static func extras(_ identifier: String, row: JSONObject, services: ConsoleServices) async throws -> [String: Any] { [:] }

    static func editorExtras(_ values: ConsoleForm, editing identifier: String?) -> [String: Any] { [:] }
}
