import Foundation

/// The identifiers of registry rows: systems, events, actions and contracts.
///
/// An identifier is lower-case ASCII, `[a-z0-9][a-z0-9._-]{0,74}`, so it can name a RabbitMQ queue
/// (`eventhos.contract.<identifier>`), a routing key and a URL path segment without escaping.
public enum Identifier {
    /// The longest identifier accepted.
    public static let maximumLength = 75

    /// Whether `text` is a valid identifier.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= maximumLength, isLetterOrDigit(first) else { return false }
        let punctuation: Set<UInt8> = [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-")]
        return bytes.dropFirst().allSatisfy { isLetterOrDigit($0) || punctuation.contains($0) }
    }

    /// Derives an identifier from a human-readable name.
    ///
    /// Accents are removed and letters lower-cased; every run of other characters becomes one
    /// hyphen; leading and trailing hyphens are dropped and the result is cut to
    /// ``maximumLength``. `"Customer created"` gives `customer-created`; an event's identifier is
    /// derived from its name and operation, `"Customer created new"` giving `customer-created-new`.
    /// The result is empty when `text` holds no letter or digit.
    public static func derive(from text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
        var bytes = [UInt8]()
        var separated = false
        for byte in folded.utf8 {
            guard isLetterOrDigit(byte) else {
                separated = true
                continue
            }
            if separated, !bytes.isEmpty {
                bytes.append(UInt8(ascii: "-"))
            }
            separated = false
            bytes.append(byte)
        }
        var identifier = bytes.prefix(maximumLength)
        while identifier.last == UInt8(ascii: "-") {
            identifier.removeLast()
        }
        return String(decoding: identifier, as: UTF8.self)
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
