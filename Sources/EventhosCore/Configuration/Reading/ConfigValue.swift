import EventhosJSON
import EventhosTemplates
import Foundation
import OrderedCollections
import Yams

/// A YAML node being read, with its location; every reading method reports what is wrong and
/// returns `nil` rather than stopping.
struct ConfigValue {
    let node: Node
    let location: ConfigLocation
    let reader: ConfigReader

    /// Reports a problem at this value.
    func report(_ message: String) {
        reader.report(message, at: location)
    }

    /// Reports a problem at `path` inside this value (`body.total.$gte`, `$or[1]`); here when empty.
    func report(_ message: String, inside path: String) {
        let separator = path.hasPrefix("[") ? "" : "."
        reader.report(
            message, at: ConfigLocation(path: path.isEmpty ? location.path : location.path + separator + path, line: location.line))
    }

    /// Reads a scalar setting, checking `rule` when there is one.
    func scalar<Value: ConfigScalar>(_ type: Value.Type = Value.self, _ rule: ConfigRule<Value>? = nil) -> Value? {
        guard case .scalar(let scalar) = node else {
            report("expected \(Value.configExpectation), found \(kind)")
            return nil
        }
        var text = scalar.string
        if reader.jsonTypes {
            // As in JSON Schema, a number without a fraction is an integer, whether written 3 or 3.0.
            if Value.jsonType == .integer, jsonType == .number, let number = Double(text), let integer = Int64(exactly: number) {
                text = String(integer)
            } else if jsonType != Value.jsonType, !(Value.jsonType == .number && jsonType == .integer) {
                report("expected \(Value.jsonType == .string ? Value.configExpectation : Value.jsonType.expectation), found \(jsonKind)")
                return nil
            }
        }
        guard let value = reader.jsonTypes ? Value(jsonText: text) : Value(configText: text) else {
            report(Value.configProblem(text))
            return nil
        }
        if let rule, !rule.accepts(value) {
            report(rule.problem(text))
            return nil
        }
        return value
    }

    /// Reads a list, each element with `element`; `nil` when this is not a list or an element is wrong.
    ///
    /// An environment variable gives a list as comma-separated text: `EVENTHOS_RETRY_BACKOFF=1s,5s`.
    func list<Element>(_ element: (ConfigValue) -> Element?) -> [Element]? {
        let nodes: [Node]
        switch node {
        case .sequence(let sequence):
            nodes = Array(sequence)
        case .scalar(let scalar) where location.isEnvironment:
            nodes = scalar.string.split(separator: ",").map { Node($0.trimmingCharacters(in: .whitespaces)) }
        default:
            report("expected a list, found \(kind)")
            return nil
        }
        let elements = nodes.enumerated().map { index, node in
            element(ConfigValue(node: node, location: location.appending(index: index, line: node.mark?.line), reader: reader))
        }
        return elements.contains { $0 == nil } ? nil : elements.compactMap(\.self)
    }

    /// Reads a mapping with `body`, then reports every key that `body` did not read.
    func mapping<Result>(_ body: (inout ConfigMapping) -> Result?) -> Result? {
        guard case .mapping(let mapping) = node else {
            report("expected a mapping, found \(kind)")
            return nil
        }
        var members = ConfigMapping(mapping, at: location, reader: reader)
        let result = body(&members)
        members.reportUnreadKeys()
        return result
    }

    /// Reads a mapping whose keys are free and whose values are all scalars, such as HTTP headers.
    func freeMapping<Value: ConfigScalar>(of type: Value.Type = Value.self) -> OrderedDictionary<String, Value>? {
        mapping { $0.readAll(Value.self) }
    }

    /// The value as JSON: YAML scalars keep their type (`42`, `true`, `null`), quoted ones are strings.
    var json: JSONValue {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            return switch node.tagName {
            case .null: .null
            case .bool: Bool(configText: text).map(JSONValue.bool) ?? .string(text)
            case .int, .float: Int64(text).map(JSONValue.int) ?? Double(text).map(JSONValue.double) ?? .string(text)
            default: .string(text)
            }
        case .sequence(let sequence):
            return .array(sequence.map { ConfigValue(node: $0, location: location, reader: reader).json })
        case .mapping(let mapping):
            let members = mapping.map { member in
                (member.key.scalar?.string ?? "", ConfigValue(node: member.value, location: location, reader: reader).json)
            }
            return .object(JSONObject(members) { first, _ in first })
        case .alias:
            return .null
        }
    }

    /// The JSON type of this scalar, as ``Node/init(json:)`` tagged it; `nil` for `null`.
    private var jsonType: ConfigJSONType? {
        switch node.tagName {
        case .null: nil
        case .bool: .boolean
        case .int: .integer
        case .float: .number
        default: .string
        }
    }

    /// What this scalar is in JSON, for messages.
    private var jsonKind: String {
        switch jsonType {
        case nil: "null"
        case .boolean: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        }
    }

    /// What this node is, for messages.
    var kind: String {
        switch node {
        case .scalar:
            // Not the text itself: it may be a secret written in the wrong place.
            switch node.tagName {
            case .int, .float: "a number"
            case .bool: "a boolean"
            default: "a string"
            }
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }
}
