/// Why a document is not valid JSON, and the byte offset where reading stopped.
///
/// ```
/// unexpected character '}' at byte 12
/// ```
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case unexpectedCharacter(UInt8)
        case unexpectedEnd
        case invalidUTF8
        case controlCharacterInString(UInt8)
        case invalidEscape
        case unpairedSurrogate
        case leadingZero
        case numberOutOfRange
        case nestingTooDeep(limit: Int)
    }

    private let code: Code
    /// Offset, in bytes from the start of the document, of the byte where reading stopped.
    public let offset: Int

    private init(_ code: Code, offset: Int) {
        self.code = code
        self.offset = offset
    }

    /// What is wrong, without the offset.
    public var message: String {
        switch self.code {
        case .unexpectedCharacter(let byte): "unexpected character \(Self.describe(byte))"
        case .unexpectedEnd: "unexpected end of input"
        case .invalidUTF8: "invalid UTF-8"
        case .controlCharacterInString(let byte): "unescaped control character \(Self.describe(byte)) in string"
        case .invalidEscape: "invalid escape sequence"
        case .unpairedSurrogate: "unpaired UTF-16 surrogate in \\u escape"
        case .leadingZero: "number with a leading zero"
        case .numberOutOfRange: "number out of range of a 64-bit float"
        case .nestingTooDeep(let limit): "arrays and objects nested deeper than \(limit) levels"
        }
    }

    public var description: String {
        "\(self.message) at byte \(self.offset)"
    }

    /// Prints printable ASCII as a quoted character, anything else as a hexadecimal byte.
    private static func describe(_ byte: UInt8) -> String {
        if (0x20..<0x7F).contains(byte) {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0x0\(hex)" : "0x\(hex)"
    }

    static func unexpectedCharacter(_ byte: UInt8, at offset: Int) -> Self { .init(.unexpectedCharacter(byte), offset: offset) }
    static func unexpectedEnd(at offset: Int) -> Self { .init(.unexpectedEnd, offset: offset) }
    static func invalidUTF8(at offset: Int) -> Self { .init(.invalidUTF8, offset: offset) }
    static func controlCharacterInString(_ byte: UInt8, at offset: Int) -> Self {
        .init(.controlCharacterInString(byte), offset: offset)
    }
    static func invalidEscape(at offset: Int) -> Self { .init(.invalidEscape, offset: offset) }
    static func unpairedSurrogate(at offset: Int) -> Self { .init(.unpairedSurrogate, offset: offset) }
    static func leadingZero(at offset: Int) -> Self { .init(.leadingZero, offset: offset) }
    static func numberOutOfRange(at offset: Int) -> Self { .init(.numberOutOfRange, offset: offset) }
    static func nestingTooDeep(limit: Int, at offset: Int) -> Self { .init(.nestingTooDeep(limit: limit), offset: offset) }
}
