import OrderedCollections

/// Builds ``JSONValue``s.
///
/// A member repeated in an object keeps the position of its first occurrence and the value of its last.
enum JSONValueBuilder: JSONBuilder {
    static func null() -> JSONValue { .null }
    static func bool(_ value: Bool) -> JSONValue { .bool(value) }

    static func number(_ token: JSONNumberToken) throws(JSONError) -> JSONValue {
        if token.isNegativeZero {
            // Int64 has no -0: keep the sign as a double.
            return .double(-0.0)
        }
        if token.isInteger, let value = token.int64Value {
            return .int(value)
        }
        return .double(try token.doubleValue())
    }

    static func string(_ token: JSONStringToken) -> JSONValue { .string(token.decoded()) }

    static func makeArray() -> [JSONValue] { [] }
    static func append(_ element: JSONValue, to array: inout [JSONValue]) { array.append(element) }
    static func array(_ array: [JSONValue]) -> JSONValue { .array(array) }

    static func makeObject() -> JSONObject { [:] }
    static func set(_ key: JSONStringToken, to value: JSONValue, in object: inout JSONObject) {
        object[key.decoded()] = value
    }
    static func object(_ object: JSONObject) -> JSONValue { .object(object) }
}
