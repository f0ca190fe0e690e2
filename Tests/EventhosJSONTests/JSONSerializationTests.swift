import EventhosJSON
import OrderedCollections
import Testing

@Suite("JSONValue serialization")
struct JSONSerializationTests {
    @Test(arguments: [
        (JSONValue.null, "null"),
        (.bool(true), "true"),
        (.bool(false), "false"),
        (.int(42), "42"),
        (.int(-7), "-7"),
        (.int(.min), "-9223372036854775808"),
        (.int(.max), "9223372036854775807"),
        (.double(1), "1.0"),
        (.double(-0.0), "-0.0"),
        (.double(0.1), "0.1"),
        (.double(1e20), "1e+20"),
        (.double(1.5e-7), "1.5e-07"),
        (.double(.infinity), "null"),
        (.double(.nan), "null"),
        (.string(""), #""""#),
        (.array([]), "[]"),
        (.object([:]), "{}"),
        (.array([.int(1), .string("a"), .null]), #"[1,"a",null]"#),
        (.object(["b": .int(1), "a": .object(["c": .array([])])]), #"{"b":1,"a":{"c":[]}}"#),
    ])
    func compactText(value: JSONValue, expected: String) {
        #expect(value.serializedString == expected)
        #expect(value.serialized() == Array(expected.utf8))
    }

    @Test(arguments: [
        ("quote \" backslash \\ slash /", #""quote \" backslash \\ slash /""#),
        ("\n\r\t\u{08}\u{0C}", #""\n\r\t\b\f""#),
        ("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),
        ("\u{7F} é 😀", "\"\u{7F} é 😀\""),
    ])
    func stringEscapes(string: String, expected: String) {
        #expect(JSONValue.string(string).serializedString == expected)
    }

    @Test(arguments: [
        "null", "true", "0", "-1", "9223372036854775807", "-9223372036854775808", "1.0", "-0.0", "0.1",
        "3.141592653589793", "1e+20", "5e-324", "1.7976931348623157e+308", #""\u0000 é 😀 \" \\""#,
        #"[1,2.5,"x",[],{}]"#, #"{"b":{"a":[true,false,null]},"a":"z"}"#,
    ])
    func serializedTextRoundTrips(text: String) throws {
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value.serializedString == text)
        #expect(try JSONParser.parse(value.serialized()) == value)
    }

    @Test(arguments: [0.1, 1.0 / 3.0, 2.5e-300, 123_456_789.123_456_789, -1e-7, 1e21, 4.35, .ulpOfOne])
    func doublesRoundTripExactly(double: Double) throws {
        #expect(try JSONParser.parse(JSONValue.double(double).serialized()) == .double(double))
    }

    @Test func whitespaceIsDropped() throws {
        let value = try JSONParser.parse(Array(" { \"a\" : [ 1 , 2 ] ,\n \"b\" : { } } ".utf8))
        #expect(value.serializedString == #"{"a":[1,2],"b":{}}"#)
    }
}
