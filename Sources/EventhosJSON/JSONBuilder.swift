/// Turns what a ``JSONReader`` reads into values.
///
/// The reader checks the grammar once; a builder decides what to keep. ``JSONValueBuilder`` builds
/// ``JSONValue``s, ``JSONValidatingBuilder`` keeps nothing, so validation allocates nothing per value.
protocol JSONBuilder {
    associatedtype Value
    associatedtype ArrayValue
    associatedtype ObjectValue

    static func null() -> Value
    static func bool(_ value: Bool) -> Value
    static func number(_ token: JSONNumberToken) throws(JSONError) -> Value
    static func string(_ token: JSONStringToken) -> Value

    static func makeArray() -> ArrayValue
    static func append(_ element: Value, to array: inout ArrayValue)
    static func array(_ array: ArrayValue) -> Value

    static func makeObject() -> ObjectValue
    static func set(_ key: JSONStringToken, to value: Value, in object: inout ObjectValue)
    static func object(_ object: ObjectValue) -> Value
}
