import EventhosJSON
import OrderedCollections
import Testing

@Suite("JSONParser: valid documents")
struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test(arguments: [
        ("null", JSONValue.null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        (#""""#, .string("")),
        ("[]", .array([])),
        ("{}", .object([:])),
        (" \t\r\n 7 \n", .int(7)),
        ("[1,[2,[]],{}]", .array([.int(1), .array([.int(2), .array([])]), .object([:])])),
    ])
    func scalarsAndContainers(text: String, expected: JSONValue) throws {
        #expect(try self.parse(text) == expected)
    }

    @Test(arguments: [
        ("0", JSONValue.int(0)),
        ("42", .int(42)),
        ("-17", .int(-17)),
        ("9223372036854775807", .int(.max)),
        ("-9223372036854775808", .int(.min)),
        ("9223372036854775808", .double(9223372036854775808)),
        ("-9223372036854775809", .double(-9223372036854775808)),
        ("123456789012345678901234567890", .double(1.2345678901234568e29)),
        ("1.5", .double(1.5)),
        ("-0.25", .double(-0.25)),
        ("1.0", .double(1)),
        ("1e3", .double(1000)),
        ("1E+3", .double(1000)),
        ("25e-1", .double(2.5)),
        ("0.1", .double(0.1)),
        ("1e-400", .double(0)),
        ("1.7976931348623157e308", .double(.greatestFiniteMagnitude)),
    ])
    func numbers(text: String, expected: JSONValue) throws {
        #expect(try self.parse(text) == expected)
    }

    @Test func negativeZeroKeepsItsSign() throws {
        guard case .double(let value) = try self.parse("-0") else {
            Issue.record("-0 should parse as a double")
            return
        }
        #expect(value == 0 && value.sign == .minus)
        #expect(try self.parse("-0.0") == .double(-0.0))
    }

    @Test(arguments: [
        (#""plain""#, "plain"),
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{08}\u{0C}\n\r\t"),
        (#""\u0041\u00e9\u20AC""#, "Aé€"),
        (#""\u0000""#, "\u{0}"),
        (#""\ud83d\ude00""#, "😀"),
        (#""a\uD834\uDD1Eb""#, "a𝄞b"),
        (#""héllo wörld 😀""#, "héllo wörld 😀"),
        (#""mixed é \n ☃""#, "mixed é \n ☃"),
    ])
    func strings(text: String, expected: String) throws {
        #expect(try self.parse(text) == .string(expected))
    }

    @Test func objectsKeepMemberOrder() throws {
        let value = try self.parse(#"{"z": 1, "a": 2, "m": {"y": true, "b": null}}"#)
        guard case .object(let members) = value else {
            Issue.record("expected an object")
            return
        }
        #expect(Array(members.keys) == ["z", "a", "m"])
        #expect(value["m"] == .object(["y": .bool(true), "b": .null]))
    }

    @Test func repeatedMemberKeepsFirstPositionAndLastValue() throws {
        let value = try self.parse(#"{"a": 1, "b": 2, "a": 3}"#)
        #expect(value == .object(["a": .int(3), "b": .int(2)]))
    }

    @Test func nonContiguousCollectionsParseToo() throws {
        let bytes = Array(#"{"list": [1, 2.5, "x"]}"#.utf8)
        let expected = try JSONParser.parse(bytes)
        #expect(try JSONParser.parse(bytes.lazy.map { $0 }) == expected)
        #expect(try JSONParser.parse(#"{"list": [1, 2.5, "x"]}"#.utf8) == expected)
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = JSONParser.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try self.parse(text)
        var levels = 1
        while case .array(let elements) = value, let first = elements.first {
            value = first
            levels += 1
        }
        #expect(levels == depth)
    }
}
