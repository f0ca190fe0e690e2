/// Keeps nothing: with it, a ``JSONReader`` only checks that a document is valid.
enum JSONValidatingBuilder: JSONBuilder {
    static func null() {}
    static func bool(_ value: Bool) {}

    static func number(_ token: JSONNumberToken) throws(JSONError) {
        // Only a huge number can fail to convert: check those the way the parser does.
        if token.mayExceedDoubleRange {
            _ = try token.doubleValue()
        }
    }

    static func string(_ token: JSONStringToken) {}

    static func makeArray() {}
    static func append(_ element: Void, to array: inout Void) {}
    static func array(_ array: Void) {}

    static func makeObject() {}
    static func set(_ key: JSONStringToken, to value: Void, in object: inout Void) {}
    static func object(_ object: Void) {}
}
