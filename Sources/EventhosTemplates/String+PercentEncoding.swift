extension String {
    /// The string with every byte but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) written `%XX`.
    public func percentEncoded() -> String {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(self.utf8.count)
        for byte in self.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.append(byte)
            default:
                encoded.append(UInt8(ascii: "%"))
                encoded.append(Self.hexDigits[Int(byte >> 4)])
                encoded.append(Self.hexDigits[Int(byte & 0xF)])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// The string percent-encoded, with the dot segments `.` and `..` encoded too: as a path segment it
    /// can only name a resource, never the current or parent directory.
    func percentEncodedAsPathSegment() -> String {
        switch self {
        case ".": "%2E"
        case "..": "%2E%2E"
        default: self.percentEncoded()
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
