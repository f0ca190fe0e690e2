import OrderedCollections

/// A JSON object whose members keep the order they were written in.
public typealias JSONObject = OrderedDictionary<String, JSONValue>

/// A JSON document as a value.
///
/// Integers and fractional numbers are kept apart so that `42` is forwarded as `42`, not `42.0`,
/// and objects keep their member order so that a rendered request reads like its template.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}
