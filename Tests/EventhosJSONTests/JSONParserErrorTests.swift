import EventhosJSON
import Testing

@Suite("JSONParser: invalid documents")
struct JSONParserErrorTests {
    private func error(parsing bytes: [UInt8]) -> JSONError? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("", 0, "unexpected end of input"),
        ("   ", 3, "unexpected end of input"),
        ("nul", 3, "unexpected end of input"),
        ("nulL", 3, "unexpected character 'L'"),
        ("True", 0, "unexpected character 'T'"),
        ("[1,]", 3, "unexpected character ']'"),
        ("[1 2]", 3, "unexpected character '2'"),
        ("[1", 2, "unexpected end of input"),
        (#"{"a" 1}"#, 5, "unexpected character '1'"),
        (#"{"a":1,}"#, 7, "unexpected character '}'"),
        (#"{a:1}"#, 1, "unexpected character 'a'"),
        (#"{"a":1]"#, 6, "unexpected character ']'"),
        (#"{"a":1 "b":2}"#, 7, "unexpected character '\"'"),
        ("{} x", 3, "unexpected character 'x'"),
        ("1 2", 2, "unexpected character '2'"),
        ("[]]", 2, "unexpected character ']'"),
        ("01", 0, "number with a leading zero"),
        ("-012", 1, "number with a leading zero"),
        ("-", 1, "unexpected end of input"),
        ("-a", 1, "unexpected character 'a'"),
        ("+1", 0, "unexpected character '+'"),
        (".5", 0, "unexpected character '.'"),
        ("1.", 2, "unexpected end of input"),
        ("1.e5", 2, "unexpected character 'e'"),
        ("1e", 2, "unexpected end of input"),
        ("1e+", 3, "unexpected end of input"),
        ("0x10", 1, "unexpected character 'x'"),
        ("NaN", 0, "unexpected character 'N'"),
        ("1e400", 0, "number out of range of a 64-bit float"),
        ("[-1e309]", 1, "number out of range of a 64-bit float"),
        (#""abc"#, 4, "unexpected end of input"),
        (#""a\qb""#, 2, "invalid escape sequence"),
        (#""\u12G4""#, 1, "invalid escape sequence"),
        (#""\u12""#, 1, "invalid escape sequence"),
        (#""\ud83d""#, 1, "unpaired UTF-16 surrogate in \\u escape"),
        (#""\ud83d\u0041""#, 1, "unpaired UTF-16 surrogate in \\u escape"),
        (#""\ude00""#, 1, "unpaired UTF-16 surrogate in \\u escape"),
        ("\"a\tb\"", 2, "unescaped control character 0x09 in string"),
        ("\"a\nb\"", 2, "unescaped control character 0x0A in string"),
        ("'a'", 0, "unexpected character '''"),
    ])
    func invalidText(text: String, offset: Int, message: String) throws {
        let error = try #require(self.error(parsing: Array(text.utf8)))
        #expect(error.offset == offset)
        #expect(error.message == message)
        #expect(error.description == "\(message) at byte \(offset)")
    }

    @Test(arguments: [
        ([0x22, 0xC3, 0x22], 1),  // lead byte cut short by the quote
        ([0x22, 0x80, 0x22], 1),  // lone continuation byte
        ([0x22, 0xC0, 0xAF, 0x22], 1),  // overlong '/'
        ([0x22, 0xE0, 0x80, 0xAF, 0x22], 1),  // overlong, three bytes
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),  // encoded surrogate U+D800
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1),  // above U+10FFFF
        ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], 1),
        ([0x22, 0x61, 0xE2, 0x82], 2),  // truncated at the end
        ([0x22, 0x61, 0xE2, 0x28, 0xA1, 0x22], 2),  // bad continuation
        ([0x22, 0xFF, 0x22], 1),
    ] as [([UInt8], Int)])
    func invalidUTF8InStrings(bytes: [UInt8], offset: Int) throws {
        let error = try #require(self.error(parsing: bytes))
        #expect(error.offset == offset)
        #expect(error.message == "invalid UTF-8")
    }

    @Test func nonASCIIOutsideStringsIsAnUnexpectedByte() throws {
        let error = try #require(self.error(parsing: [0xEF, 0xBB, 0xBF, 0x31]))  // a byte-order mark before 1
        #expect(error.description == "unexpected character 0xEF at byte 0")
    }

    @Test func nestingBeyondTheLimitIsRejected() throws {
        // Each `{"a":[` opens two levels in six bytes: the extra `[` opens level 513.
        let pairs = JSONParser.maximumDepth / 2
        let text = String(repeating: #"{"a":["#, count: pairs) + "[]" + String(repeating: "]}", count: pairs)
        let error = try #require(self.error(parsing: Array(text.utf8)))
        #expect(error.offset == 6 * pairs)
        #expect(error.message == "arrays and objects nested deeper than 512 levels")
    }

    @Test func deepNestingDoesNotOverflowTheStack() throws {
        let text = String(repeating: "[", count: 100_000)
        let error = try #require(self.error(parsing: Array(text.utf8)))
        #expect(error.offset == JSONParser.maximumDepth)
    }
}
