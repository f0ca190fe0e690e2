/// A string as written in a document, between its quotes, already checked: valid UTF-8 and valid escapes.
///
/// It points into the document being read: it is valid only while the reader runs.
struct JSONStringToken {
    /// The bytes between the quotes, escapes not yet decoded.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Whether the bytes contain a backslash escape.
    let hasEscapes: Bool

    /// The string with its escapes decoded.
    func decoded() -> String {
        guard self.hasEscapes else {
            return String(decoding: self.bytes, as: UTF8.self)
        }
        // Decoding never lengthens: `\n` is 2 bytes for 1, `\uXXXX` 6 for at most 3, a pair 12 for 4.
        return String(unsafeUninitializedCapacity: self.bytes.count) { output in
            var written = 0
            var index = 0
            while index < self.bytes.count {
                let byte = self.bytes[index]
                guard byte == UInt8(ascii: "\\") else {
                    output[written] = byte
                    written += 1
                    index += 1
                    continue
                }
                let (scalar, length) = Self.decodeEscape(in: self.bytes, at: index)
                for unit in scalar.utf8 {
                    output[written] = unit
                    written += 1
                }
                index += length
            }
            return written
        }
    }

    /// Decodes the escape that starts with the backslash at `index`, already checked by the reader.
    ///
    /// - Returns: The scalar and the number of bytes the escape spans.
    private static func decodeEscape(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        switch bytes[index + 1] {
        case UInt8(ascii: "b"): return ("\u{08}", 2)
        case UInt8(ascii: "f"): return ("\u{0C}", 2)
        case UInt8(ascii: "n"): return ("\n", 2)
        case UInt8(ascii: "r"): return ("\r", 2)
        case UInt8(ascii: "t"): return ("\t", 2)
        case UInt8(ascii: "u"):
            let unit = hexValue(in: bytes, at: index + 2)!
            guard UTF16.isLeadSurrogate(unit) else {
                return (Unicode.Scalar(unit)!, 6)
            }
            let trail = hexValue(in: bytes, at: index + 8)!
            let value = 0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(trail - 0xDC00)
            return (Unicode.Scalar(value)!, 12)
        case let byte:  // `"`, `\` or `/`
            return (Unicode.Scalar(byte), 2)
        }
    }

    /// The UTF-16 code unit written as four hexadecimal digits at `index`, or `nil` if they are not.
    static func hexValue(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt16? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt16 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}
