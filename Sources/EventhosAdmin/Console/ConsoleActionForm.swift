import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosTemplates
import Foundation
import OrderedCollections

/// The request editor of an action: method, URL, headers, params, body (data template), timeout
/// and security with its settings. Secrets are never shown; left empty while editing, the stored
/// ones are kept. What the form does not show (signing, replyTo, limits, status policy, circuit
/// breaker) is kept as stored.
struct ConsoleActionForm: ConsoleRowForm {
    static let kind = RegistryKind.action
    static let columns = ["Name", "Subscriber", "Request"]
    static let methods = ["POST", "PUT", "PATCH", "GET", "DELETE", "HEAD", "OPTIONS"]

    static func cells(_ row: JSONObject) -> [String] {
        let http = row["http"]
        let request = [http?["method"], http?["url"]].compactMap { value -> String? in
            guard case .string(let text)? = value else { return nil }
            return text
        }
        return texts(row, ["name", "subscriber"]).map(\.1) + [request.joined(separator: " ")]
    }

    static func fields(_ values: ConsoleForm, registry: RegistryDefinition, editing: Bool) -> [ConsoleField] {
        let subscribers = registry.systems.filter { $0.systemClass != .producer }.map(\.identifier)
        return [
            ConsoleField.identifier,
            ConsoleField("name", "Name", required: true),
            ConsoleField("operation", "Operation", .select, options: ConsoleField.options(Operation.allCases.map(\.rawValue))),
            ConsoleField("subscriber", "Subscriber", .select, hint: "A subscriber or hybrid system.", required: true,
                options: ConsoleField.options(subscribers)),
            ConsoleField("description", "Description", .textarea),
            ConsoleField("method", "Method", .select, options: ConsoleField.options(methods)).grouped("Request", inline: true),
            ConsoleField("url", "URL", hint: "Placeholders such as ${.body.id} are filled from the event.", required: true, code: true)
                .grouped("Request", inline: true),
            ConsoleField("headers", "Headers", .textarea, hint: "One 'Name: value' per line.", code: true).grouped("Request"),
            ConsoleField("params", "Query parameters", .textarea, hint: "One 'name=value' per line.", code: true).grouped("Request"),
            ConsoleField(
                "data", "Body (data template)", .textarea, hint: "A JSON template; empty forwards the event's body as received.", code: true
            ).grouped("Request"),
            ConsoleField("timeout", "Timeout", hint: "Such as 500ms, 10s or 1m; 10s when empty.").grouped("Request"),
        ] + ConsoleActionSecurityForm.fields(editing: editing)
    }

    static func values(_ row: JSONObject) -> ConsoleForm {
        var values = texts(row, ["identifier", "name", "operation", "subscriber", "description"])
        if case .object(let http)? = row["http"] {
            values += texts(http, ["method", "url", "timeout"])
            values.append(("headers", lines(http["headers"], separator: ": ")))
            values.append(("params", lines(http["params"], separator: "=")))
            values.append(("data", http["data"]?.indentedString ?? ""))
        }
        if case .object(let security)? = row["security"] {
            values += ConsoleActionSecurityForm.values(security)
        }
        return ConsoleForm(values)
    }

    static func json(_ form: ConsoleForm, replacing identifier: String?, stored: RegistryDefinition) throws(RegistryWriteError) -> JSONValue {
        var problems: [ConfigurationProblem] = []
        var http = strings(form, ["method", "url", "timeout"])
        http["headers"] = .object(pairs(form.text("headers"), separator: ":", field: "headers", problems: &problems))
        http["params"] = .object(pairs(form.text("params"), separator: "=", field: "params", problems: &problems))
        if !form.text("data").isEmpty {
            do {
                http["data"] = try JSONParser.parse(Array(form.text("data").utf8))
            } catch {
                problems.append(ConfigurationProblem(path: "http.data", message: "the body template is not JSON: \(error)"))
            }
        }
        guard problems.isEmpty else { throw .invalid(problems) }
        let current = identifier.flatMap { identifier in stored.actions.first { $0.identifier == identifier } }
        var row = strings(form, ["identifier", "name", "operation", "subscriber", "description"])
        row["http"] = .object(http)
        row["security"] = .object(ConsoleActionSecurityForm.json(form, keeping: current?.security))
        if let current {
            row["replyTo"] = current.replyTo.map(JSONValue.string)
            row["maxInFlight"] = current.maxInFlight.map { .int(Int64($0)) }
            row["rateLimit"] = current.rateLimit.map { .string($0.configText) }
            row["responses"] = current.responses?.json
            row["circuitBreaker"] = current.circuitBreaker?.json
            row["signing"] = current.signing.map { signing in
                var json: JSONObject = ["secret": .string(signing.secret.value)]
                json["previousSecret"] = signing.previousSecret.map { .string($0.value) }
                return .object(json)
            }
        }
        return .object(row)
    }

    static var defaults: ConsoleForm {
        ConsoleForm([("operation", "new"), ("method", "POST"), ("timeout", "10s"), ("security", "none"), ("headers", "Content-Type: application/json")])
    }

    /// "Try it": a sample event body and the button that sends a test request made from the form.
    static func editorExtras(_ values: ConsoleForm, editing identifier: String?) -> [String: Any] {
        let sample = values["sampleBody"] ?? "{\n  \"id\": 42,\n  \"name\": \"Ada\"\n}"
        return ["tryIt": ["sampleBody": sample, "formAction": "/console/actions" + (identifier.map { "/\($0)" } ?? "") + "/try"]]
    }

    /// `Name: value` (or `name=value`) lines as a JSON object; a line without the separator is a problem.
    private static func pairs(_ text: String, separator: Character, field: String, problems: inout [ConfigurationProblem]) -> JSONObject {
        var object = JSONObject()
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() where !line.allSatisfy(\.isWhitespace) {
            guard let index = line.firstIndex(of: separator) else {
                problems.append(
                    ConfigurationProblem(path: "http.\(field)", message: "line \(number + 1) is not 'name\(separator == ":" ? ": " : "=")value'"))
                continue
            }
            let name = line[..<index].trimmingCharacters(in: .whitespaces)
            object[name] = .string(line[line.index(after: index)...].trimmingCharacters(in: .whitespaces))
        }
        return object
    }

    /// A JSON object of strings as `name<separator>value` lines.
    private static func lines(_ value: JSONValue?, separator: String) -> String {
        guard case .object(let members)? = value else { return "" }
        return members.compactMap { name, value in
            guard case .string(let text) = value else { return nil }
            return name + separator + text
        }.joined(separator: "\n")
    }
}
