import EventhosCore
import Foundation

/// New producer keys: `ehk_` and 32 random bytes in base64url (43 characters), from the system's
/// cryptographically secure generator. Only the key's SHA-256 and its first characters are stored.
enum ProducerKeyMaker {
    static let keyPrefix = "ehk_"
    /// How much of a key is kept to recognise it: `ehk_` and 8 characters.
    static let shownLength = keyPrefix.count + 8

    static func make() -> (key: String, hash: ProducerKeyHash, prefix: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let key = keyPrefix + text
        return (key, ProducerKeyHash(key: key), String(key.prefix(shownLength)))
    }

    /// Whether `name` may name a key: 1 to 64 letters, digits, `.`, `_` or `-`.
    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count)
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }
}
