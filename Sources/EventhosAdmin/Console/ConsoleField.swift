import EventhosEngine
import Foundation

/// One labelled input of a console form, as the shared `partials/field` template draws it: the
/// same markup for every form (label, hint, the error next to the field).
struct ConsoleField: Sendable {
    enum Control: String, Sendable {
        case text, number, password, select, textarea, checkbox
    }

    /// A choice of a `select`.
    struct Option: Sendable {
        var value: String
        var label: String
    }

    /// The form field's `name`, also its element id (with `.` as `-`).
    var name: String
    var label: String
    var control: Control = .text
    var value = ""
    var options: [Option] = []
    var hint: String?
    var error: String?
    var required = false
    /// Monospace, for templates and JSON.
    var code = false
    /// Shown only while the action's `security` select has this value.
    var security: String?
    /// The fieldset the field belongs to; `nil` for the row's own (first) one.
    var group: String?
    /// Shares its line with the next inline field (an action's method and URL).
    var inline = false

    init(
        _ name: String, _ label: String, _ control: Control = .text, hint: String? = nil, required: Bool = false,
        code: Bool = false, options: [Option] = [], security: String? = nil
    ) {
        self.name = name
        self.label = label
        self.control = control
        self.hint = hint
        self.required = required
        self.code = code
        self.options = options
        self.security = security
    }

    /// Options whose value and label are the same.
    static func options(_ values: [String]) -> [Option] {
        values.map { Option(value: $0, label: $0) }
    }

    /// What the template reads.
    var values: [String: Any] {
        var values: [String: Any] = [
            "name": name, "id": name.replacingOccurrences(of: ".", with: "-"), "label": label, "value": value,
            "control": [control.rawValue: true], "required": required, "code": code, "checked": value == "true",
            "inline": inline,
            "options": options.map { ["value": $0.value, "label": $0.label, "selected": $0.value == value] },
        ]
        values["hint"] = hint
        values["error"] = error
        values["security"] = security
        return values
    }
}

extension ConsoleField {
    /// This field in the fieldset `legend`.
    func grouped(_ legend: String, inline: Bool = false) -> ConsoleField {
        var field = self
        field.group = legend
        field.inline = inline
        return field
    }

    /// A row's identifier, typed for a new row only: it cannot change (it names the row's queues).
    static let identifier = ConsoleField(
        "identifier", "Identifier",
        hint: "Lower-case letters, digits and '-'; derived from the name when left empty. It cannot change later.", code: true)
}
