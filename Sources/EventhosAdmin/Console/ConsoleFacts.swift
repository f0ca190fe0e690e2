import EventhosEngine
import EventhosJSON
import EventhosTemplates
import OrderedCollections

/// A registry row as a list of facts for its page: nested objects flattened to dotted names
/// (`http.url`, `retry.backoff`), lists of scalars joined, the data template as JSON.
enum ConsoleFacts {
    static func facts(of row: JSONObject, prefix: String = "") -> [[String: String]] {
        row.flatMap { key, value -> [[String: String]] in
            let name = prefix + key
            switch value {
            case .object(let members) where key != "data":
                return members.isEmpty ? [["name": name, "value": "(none)"]] : facts(of: members, prefix: name + ".")
            case .array(let items) where items.allSatisfy({ scalar($0) != nil }):
                return [["name": name, "value": items.compactMap(scalar).joined(separator: ", ")]]
            default:
                return [["name": name, "value": scalar(value) ?? value.indentedString]]
            }
        }
    }

    private static func scalar(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "(none)"
        default: nil
        }
    }
}
