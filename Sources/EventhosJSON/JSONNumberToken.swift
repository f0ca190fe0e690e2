/// A number as written in a document, already checked against the JSON grammar.
///
/// It points into the document being read: it is valid only while the reader runs.
struct JSONNumberToken {
    /// The number's bytes, sign included.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Offset of the number in the document, for errors.
    let offset: Int
    /// Whether the number has neither fraction nor exponent.
    let isInteger: Bool
    /// Whether the number may be too large for a `Double`; `false` guarantees it is not.
    let mayExceedDoubleRange: Bool

    /// Whether the number is written `-0`.
    var isNegativeZero: Bool {
        self.isInteger && self.bytes.count == 2 && self.bytes[0] == UInt8(ascii: "-") && self.bytes[1] == UInt8(ascii: "0")
    }

    /// The integer's value, or `nil` when it does not fit 64 bits.
    var int64Value: Int64? {
        let isNegative = self.bytes[0] == UInt8(ascii: "-")
        // Accumulate negatively: Int64.min has no positive counterpart.
        var value: Int64 = 0
        for byte in self.bytes.dropFirst(isNegative ? 1 : 0) {
            let (shifted, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (next, underflowed) = shifted.subtractingReportingOverflow(Int64(byte &- UInt8(ascii: "0")))
            guard !overflowed, !underflowed else { return nil }
            value = next
        }
        if isNegative {
            return value
        }
        return value == .min ? nil : -value
    }

    /// The number as the nearest `Double`.
    func doubleValue() throws(JSONError) -> Double {
        // The JSON number grammar is a subset of what `Double.init?(_:)` accepts.
        guard let value = Double(String(decoding: self.bytes, as: UTF8.self)), value.isFinite else {
            throw .numberOutOfRange(at: self.offset)
        }
        return value
    }
}
