import EventhosJSON
import EventhosTemplates
import OrderedCollections

/// How the header fields of a try are stored: one JSON object in sending order, repeated names
/// joined with `, ` (RFC 9110 §5.3), so that ops can query them with `json_extract`.
enum HeaderFields {
    static func json(_ fields: [(name: String, value: String)]) -> JSONValue {
        var object = JSONObject()
        for field in fields {
            if case .string(let earlier) = object[field.name] {
                object[field.name] = .string(earlier + ", " + field.value)
            } else {
                object[field.name] = .string(field.value)
            }
        }
        return .object(object)
    }

    static func fields(from text: String) throws(StoreError) -> [(name: String, value: String)] {
        try JSONValue(storageText: text).stringMembers().map { (name: $0.key, value: $0.value) }
    }
}
