/// Reads JSON documents (RFC 8259) from UTF-8 bytes.
///
/// ```swift
/// let value = try JSONParser.parse(Array(#"{"id": 42}"#.utf8))
/// ```
///
/// Numbers written without fraction or exponent that fit 64 bits become ``JSONValue/int(_:)``; other
/// numbers become ``JSONValue/double(_:)``, and so does `-0`, to keep its sign. Numbers beyond the range
/// of `Double` are rejected, as are invalid UTF-8, unpaired surrogates in `\u` escapes, and nesting
/// deeper than ``maximumDepth``. An object member written twice keeps its first position and last value.
public enum JSONParser {
    /// How deep arrays and objects may nest; deeper documents are rejected rather than overflow the stack.
    public static let maximumDepth = 512

    /// Parses a whole document, with whitespace allowed around its value.
    ///
    /// Contiguous collections (`[UInt8]`, `ByteBuffer`'s views, a native string's `utf8`) are read in place.
    /// An empty document is invalid.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSONValue {
        let contiguousResult = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONError) in try JSONReader<JSONValueBuilder>.readDocument(buffer) }
        }
        if let contiguousResult {
            return try contiguousResult.get()
        }
        return try Array(bytes).withUnsafeBufferPointer { buffer throws(JSONError) in
            try JSONReader<JSONValueBuilder>.readDocument(buffer)
        }
    }

    /// Tells whether bytes are exactly one valid JSON document, as ``parse(_:)`` would accept, without
    /// building its values.
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.withMemoryRebound(to: UInt8.self) { buffer in
            (try? JSONReader<JSONValidatingBuilder>.readDocument(buffer)) != nil
        }
    }
}
