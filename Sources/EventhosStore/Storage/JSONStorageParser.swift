import EventhosTemplates

/// Reads the JSON text of a column back into a ``JSONValue``, keeping the member order of objects
/// and telling integers from fractional numbers, which Foundation's parsers do not.
struct JSONStorageParser {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    mutating func parseDocument() throws(StoreError) -> JSONValue {
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw invalid("trailing characters") }
        return value
    }

    private mutating func parseValue() throws(StoreError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw invalid("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        default: return try parseNumber()
        }
    }

    private mutating func parseObject() throws(StoreError) -> JSONValue {
        index += 1
        var members = JSONObject()
        if consume(UInt8(ascii: "}")) { return .object(members) }
        repeat {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw invalid("expected a member name")
            }
            let name = try parseString()
            guard consume(UInt8(ascii: ":")) else { throw invalid("expected ':'") }
            members[name] = try parseValue()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw invalid("expected '}'") }
        return .object(members)
    }

    private mutating func parseArray() throws(StoreError) -> JSONValue {
        index += 1
        var elements = [JSONValue]()
        if consume(UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            elements.append(try parseValue())
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw invalid("expected ']'") }
        return .array(elements)
    }

    private mutating func parseString() throws(StoreError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var chunkStart = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                scalars.append(contentsOf: String(decoding: bytes[chunkStart..<index], as: UTF8.self).unicodeScalars)
                index += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                scalars.append(contentsOf: String(decoding: bytes[chunkStart..<index], as: UTF8.self).unicodeScalars)
                index += 1
                scalars.append(try parseEscape())
                chunkStart = index
            default:
                index += 1
            }
        }
        throw invalid("unterminated string")
    }

    private mutating func parseEscape() throws(StoreError) -> Unicode.Scalar {
        guard index < bytes.count else { throw invalid("unterminated escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "u"): return try parseUnicodeEscape()
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        default: throw invalid("bad escape")
        }
    }

    private mutating func parseUnicodeEscape() throws(StoreError) -> Unicode.Scalar {
        let unit = try parseHex4()
        guard UTF16.isLeadSurrogate(unit) else {
            return Unicode.Scalar(unit) ?? "\u{FFFD}"
        }
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
            return "\u{FFFD}"
        }
        index += 2
        let trail = try parseHex4()
        let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(trail) &- 0xDC00)
        return UTF16.isTrailSurrogate(trail) ? Unicode.Scalar(value) ?? "\u{FFFD}" : "\u{FFFD}"
    }

    private mutating func parseHex4() throws(StoreError) -> UInt16 {
        guard index + 4 <= bytes.count,
            let value = UInt16(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw invalid("bad \\u escape") }
        index += 4
        return value
    }

    private mutating func parseLiteral(_ literal: String, _ value: JSONValue) throws(StoreError) -> JSONValue {
        let count = literal.utf8.count
        guard index + count <= bytes.count, bytes[index..<index + count].elementsEqual(literal.utf8) else {
            throw invalid("unknown literal")
        }
        index += count
        return value
    }

    private mutating func parseNumber() throws(StoreError) -> JSONValue {
        let start = index
        var isInteger = true
        scan: while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"):
                break
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                isInteger = false
            default:
                break scan
            }
            index += 1
        }
        return try number(String(decoding: bytes[start..<index], as: UTF8.self), isInteger: isInteger)
    }

    private func number(_ text: String, isInteger: Bool) throws(StoreError) -> JSONValue {
        if isInteger, let value = Int64(text) { return .int(value) }
        guard let value = Double(text) else { throw invalid("bad number '\(text)'") }
        return .double(value)
    }

    /// Skips whitespace, then consumes `byte` if it comes next.
    private mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) {
            index += 1
        }
    }

    private func invalid(_ reason: String) -> StoreError {
        StoreError(.invalidRow, "invalid JSON in a column at byte \(index): \(reason)")
    }
}
