import Crypto

/// The SHA-256 of a producer key. Keys are long random strings, so a fast hash is the right one
/// (as for API tokens); only this hash is stored, and comparisons take constant time.
public struct ProducerKeyHash: Sendable, Hashable, CustomStringConvertible {
    /// Lower-case hexadecimal digest.
    public let hex: String

    /// Hashes a presented or configured key.
    public init(key: some StringProtocol) {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(key.utf8)) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        hex = String(decoding: text, as: UTF8.self)
    }

    /// Restores a hash read from the store.
    public init(hex: String) {
        self.hex = hex
    }

    /// Compares two hashes without an early exit, so timing tells nothing about where they differ.
    public func constantTimeEquals(_ other: ProducerKeyHash) -> Bool {
        let lhs = Array(hex.utf8)
        let rhs = Array(other.hex.utf8)
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }

    public var description: String { "sha256:\(hex.prefix(8))…" }
}
