import EventhosJSON
import Testing

@Suite("JSONParser.isValid")
struct JSONValidationTests {
    /// Documents valid and invalid, each checked against the parser.
    static let corpus: [[UInt8]] =
        [
            "", " ", "null", "nul", "true", "[]", "[1,]", "{}", #"{"a":1}"#, #"{"a":1,}"#, #"{"a" 1}"#, "01", "-0",
            "1e400", "-1e309", "1e-400", "1.7976931348623157e308", "1.8e308", String(repeating: "9", count: 400),
            "123456789012345678901234567890", #""\ud83d\ude00""#, #""\ud83d""#, #""\ude00""#, #""\q""#, "\"\t\"",
            #""abc"#, "[1] x", " [1] ", "[[[[]]]]", #"{"a":[{"b":[null,true,false,"s",-1.5e3]}]}"#,
            String(repeating: "[", count: 512) + String(repeating: "]", count: 512),
            String(repeating: "[", count: 513) + String(repeating: "]", count: 513),
        ].map { Array($0.utf8) } + [
            [0x22, 0xC3, 0xA9, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0xEF, 0xBB, 0xBF, 0x31],
            [0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
        ]

    @Test(arguments: Self.corpus)
    func agreesWithParse(bytes: [UInt8]) {
        let parses = (try? JSONParser.parse(bytes)) != nil
        #expect(bytes.withUnsafeBytes { JSONParser.isValid($0) } == parses)
    }

    @Test func validatesNumbersAtTheEdgeOfDoubleRangeExactly() {
        #expect(Array("1.7976931348623157e308".utf8).withUnsafeBytes { JSONParser.isValid($0) })
        #expect(!Array("1.7976931348623159e308".utf8).withUnsafeBytes { JSONParser.isValid($0) })
        #expect(!Array("0.00000000018e319".utf8).withUnsafeBytes { JSONParser.isValid($0) })
        #expect(Array("0.000000000000000018e310".utf8).withUnsafeBytes { JSONParser.isValid($0) })
    }
}
