extension JSONValue {
    /// The value as compact UTF-8 JSON: no whitespace, object members in order.
    ///
    /// Strings escape `"`, `\` and control characters (RFC 8259) and keep other characters as UTF-8;
    /// integers are written as integers; doubles in their shortest form that reads back to the same
    /// double, always with a fraction or exponent so they read back as doubles. JSON has no infinity
    /// nor NaN: those are written `null`.
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        self.serialize(into: &output)
        return output
    }

    /// The value as compact JSON text, as ``serialized()`` writes it.
    public var serializedString: String {
        String(decoding: self.serialized(), as: UTF8.self)
    }

    /// Appends the value as compact JSON.
    func serialize(into output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let value):
            output.append(contentsOf: value ? "true".utf8 : "false".utf8)
        case .int(let value):
            output.append(contentsOf: value.description.utf8)
        case .double(let value):
            Self.serialize(value, into: &output)
        case .string(let value):
            Self.serialize(value, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.serialize(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, (name, value)) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.serialize(name, into: &output)
                output.append(UInt8(ascii: ":"))
                value.serialize(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func serialize(_ value: Double, into output: inout [UInt8]) {
        guard value.isFinite else {
            output.append(contentsOf: "null".utf8)
            return
        }
        // Swift's description is the shortest text that reads back to the same double, and is valid JSON:
        // `1.0`, `-0.0`, `1e+20`, `5e-324`.
        output.append(contentsOf: value.description.utf8)
    }

    private static func serialize(_ value: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): output.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): output.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): output.append(contentsOf: #"\t"#.utf8)
            case 0x08: output.append(contentsOf: #"\b"#.utf8)
            case 0x0C: output.append(contentsOf: #"\f"#.utf8)
            case 0..<0x20:
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(Self.hexDigits[Int(byte >> 4)])
                output.append(Self.hexDigits[Int(byte & 0xF)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
