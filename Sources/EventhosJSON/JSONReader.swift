/// Reads one JSON document (RFC 8259) from contiguous bytes and hands its values to a ``JSONBuilder``.
///
/// The grammar, UTF-8 and escapes are checked here, once, whatever the builder keeps.
struct JSONReader<Builder: JSONBuilder>: ~Copyable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads a whole document: one value, with only whitespace around it.
    static func readDocument(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONError) -> Builder.Value {
        var reader = JSONReader(bytes)
        reader.skipWhitespace()
        let value = try reader.readValue()
        reader.skipWhitespace()
        if reader.offset < bytes.count {
            throw .unexpectedCharacter(bytes[reader.offset], at: reader.offset)
        }
        return value
    }

    // MARK: Values

    private mutating func readValue() throws(JSONError) -> Builder.Value {
        switch try self.peek() {
        case UInt8(ascii: "{"): return try self.readObject()
        case UInt8(ascii: "["): return try self.readArray()
        case UInt8(ascii: "\""): return Builder.string(try self.readString())
        case UInt8(ascii: "t"): try self.readLiteral("true"); return Builder.bool(true)
        case UInt8(ascii: "f"): try self.readLiteral("false"); return Builder.bool(false)
        case UInt8(ascii: "n"): try self.readLiteral("null"); return Builder.null()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try Builder.number(try self.readNumber())
        case let byte: throw .unexpectedCharacter(byte, at: self.offset)
        }
    }

    private mutating func readArray() throws(JSONError) -> Builder.Value {
        try self.enterContainer()
        var array = Builder.makeArray()
        self.skipWhitespace()
        if try self.peek() == UInt8(ascii: "]") {
            self.offset += 1
            return self.leaveContainer(Builder.array(array))
        }
        while true {
            Builder.append(try self.readValue(), to: &array)
            switch try self.nextAfterWhitespace() {
            case UInt8(ascii: ","): self.skipWhitespace()
            case UInt8(ascii: "]"): return self.leaveContainer(Builder.array(array))
            case let byte: throw .unexpectedCharacter(byte, at: self.offset - 1)
            }
        }
    }

    private mutating func readObject() throws(JSONError) -> Builder.Value {
        try self.enterContainer()
        var object = Builder.makeObject()
        self.skipWhitespace()
        if try self.peek() == UInt8(ascii: "}") {
            self.offset += 1
            return self.leaveContainer(Builder.object(object))
        }
        while true {
            let byte = try self.peek()
            guard byte == UInt8(ascii: "\"") else { throw .unexpectedCharacter(byte, at: self.offset) }
            let key = try self.readString()
            let colon = try self.nextAfterWhitespace()
            guard colon == UInt8(ascii: ":") else { throw .unexpectedCharacter(colon, at: self.offset - 1) }
            self.skipWhitespace()
            Builder.set(key, to: try self.readValue(), in: &object)
            switch try self.nextAfterWhitespace() {
            case UInt8(ascii: ","): self.skipWhitespace()
            case UInt8(ascii: "}"): return self.leaveContainer(Builder.object(object))
            case let byte: throw .unexpectedCharacter(byte, at: self.offset - 1)
            }
        }
    }

    /// Steps over the opening bracket or brace, one level deeper.
    private mutating func enterContainer() throws(JSONError) {
        guard self.depth < JSONParser.maximumDepth else {
            throw .nestingTooDeep(limit: JSONParser.maximumDepth, at: self.offset)
        }
        self.depth += 1
        self.offset += 1
    }

    private mutating func leaveContainer(_ value: Builder.Value) -> Builder.Value {
        self.depth -= 1
        return value
    }

    private mutating func readLiteral(_ literal: StaticString) throws(JSONError) {
        for expected in UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount) {
            let byte = try self.peek()
            guard byte == expected else { throw .unexpectedCharacter(byte, at: self.offset) }
            self.offset += 1
        }
    }

    // MARK: Strings

    /// Reads a string, from its opening quote to past its closing quote.
    private mutating func readString() throws(JSONError) -> JSONStringToken {
        self.offset += 1
        let start = self.offset
        var hasEscapes = false
        while self.offset < self.bytes.count {
            let byte = self.bytes[self.offset]
            switch byte {
            case UInt8(ascii: "\""):
                let token = JSONStringToken(bytes: UnsafeBufferPointer(rebasing: self.bytes[start..<self.offset]), hasEscapes: hasEscapes)
                self.offset += 1
                return token
            case UInt8(ascii: "\\"):
                hasEscapes = true
                try self.readEscape()
            case 0..<0x20:
                throw .controlCharacterInString(byte, at: self.offset)
            case 0x80...:
                try self.readMultibyteScalar()
            default:
                self.offset += 1
            }
        }
        throw .unexpectedEnd(at: self.offset)
    }

    private mutating func readEscape() throws(JSONError) {
        let start = self.offset
        guard start + 1 < self.bytes.count else { throw .unexpectedEnd(at: self.bytes.count) }
        switch self.bytes[start + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            self.offset += 2
        case UInt8(ascii: "u"):
            let unit = try self.readUnicodeEscape()
            if UTF16.isTrailSurrogate(unit) {
                throw .unpairedSurrogate(at: start)
            }
            if UTF16.isLeadSurrogate(unit) {
                guard self.offset + 1 < self.bytes.count, self.bytes[self.offset] == UInt8(ascii: "\\"),
                    self.bytes[self.offset + 1] == UInt8(ascii: "u"), UTF16.isTrailSurrogate(try self.readUnicodeEscape())
                else { throw .unpairedSurrogate(at: start) }
            }
        default:
            throw .invalidEscape(at: start)
        }
    }

    /// Reads `\uXXXX` and returns its code unit.
    private mutating func readUnicodeEscape() throws(JSONError) -> UInt16 {
        guard let unit = JSONStringToken.hexValue(in: self.bytes, at: self.offset + 2) else {
            throw .invalidEscape(at: self.offset)
        }
        self.offset += 6
        return unit
    }

    /// Checks one UTF-8 sequence of two to four bytes (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF).
    private mutating func readMultibyteScalar() throws(JSONError) {
        let lead = self.bytes[self.offset]
        let length: Int
        let second: ClosedRange<UInt8>
        switch lead {
        case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
        case 0xE0: (length, second) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
        case 0xED: (length, second) = (3, 0x80...0x9F)
        case 0xF0: (length, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
        case 0xF4: (length, second) = (4, 0x80...0x8F)
        default: throw .invalidUTF8(at: self.offset)
        }
        guard self.offset + length <= self.bytes.count, second.contains(self.bytes[self.offset + 1]) else {
            throw .invalidUTF8(at: self.offset)
        }
        for continuation in self.bytes[(self.offset + 2)..<(self.offset + length)] where continuation & 0xC0 != 0x80 {
            throw .invalidUTF8(at: self.offset)
        }
        self.offset += length
    }

    // MARK: Numbers

    private mutating func readNumber() throws(JSONError) -> JSONNumberToken {
        let start = self.offset
        if self.bytes[start] == UInt8(ascii: "-") {
            self.offset += 1
        }
        let integerStart = self.offset
        switch try self.peek() {
        case UInt8(ascii: "0"):
            self.offset += 1
            if self.offset < self.bytes.count, Self.isDigit(self.bytes[self.offset]) {
                throw .leadingZero(at: integerStart)
            }
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            self.skipDigits()
        case let byte:
            throw .unexpectedCharacter(byte, at: self.offset)
        }
        let integerDigits = self.offset - integerStart
        var isInteger = true
        if self.offset < self.bytes.count, self.bytes[self.offset] == UInt8(ascii: ".") {
            isInteger = false
            self.offset += 1
            try self.readDigits()
        }
        var exponent = 0
        if self.offset < self.bytes.count, self.bytes[self.offset] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            self.offset += 1
            let isNegative = self.offset < self.bytes.count && self.bytes[self.offset] == UInt8(ascii: "-")
            if self.offset < self.bytes.count, isNegative || self.bytes[self.offset] == UInt8(ascii: "+") {
                self.offset += 1
            }
            let magnitude = try self.readDigits()
            exponent = isNegative ? -magnitude : magnitude
        }
        return JSONNumberToken(
            bytes: UnsafeBufferPointer(rebasing: self.bytes[start..<self.offset]),
            offset: start,
            isInteger: isInteger,
            // Below 10^300 a number is far from Double's limit (about 1.8e308).
            mayExceedDoubleRange: integerDigits + exponent > 300
        )
    }

    /// Reads one digit or more and returns their value, saturated well above any meaningful exponent.
    @discardableResult
    private mutating func readDigits() throws(JSONError) -> Int {
        let byte = try self.peek()
        guard Self.isDigit(byte) else { throw .unexpectedCharacter(byte, at: self.offset) }
        return self.skipDigits()
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        var value = 0
        while self.offset < self.bytes.count, Self.isDigit(self.bytes[self.offset]) {
            value = min(value * 10 + Int(self.bytes[self.offset] - UInt8(ascii: "0")), 1_000_000)
            self.offset += 1
        }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    // MARK: Bytes

    /// The byte at the current offset, which must exist.
    private func peek() throws(JSONError) -> UInt8 {
        guard self.offset < self.bytes.count else { throw .unexpectedEnd(at: self.offset) }
        return self.bytes[self.offset]
    }

    /// Skips whitespace, then consumes and returns the next byte, which must exist.
    private mutating func nextAfterWhitespace() throws(JSONError) -> UInt8 {
        self.skipWhitespace()
        let byte = try self.peek()
        self.offset += 1
        return byte
    }

    private mutating func skipWhitespace() {
        while self.offset < self.bytes.count {
            switch self.bytes[self.offset] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): self.offset += 1
            default: return
            }
        }
    }
}
