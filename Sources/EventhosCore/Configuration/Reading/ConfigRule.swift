/// A condition a setting must meet beyond its type, such as a range.
struct ConfigRule<Value>: Sendable {
    /// Whether a value meets the rule.
    let accepts: @Sendable (Value) -> Bool
    /// Says what is wrong with a value written as the given text.
    let problem: @Sendable (String) -> String
}

extension ConfigRule where Value: Comparable & ConfigScalar & Sendable {
    static func atLeast(_ minimum: Value) -> ConfigRule {
        ConfigRule(accepts: { $0 >= minimum }) { "\($0) is too small: the minimum is \(minimum.configText)" }
    }

    static func within(_ range: ClosedRange<Value>) -> ConfigRule {
        ConfigRule(accepts: { range.contains($0) }) {
            "\($0) is out of range: use \(range.lowerBound.configText) to \(range.upperBound.configText)"
        }
    }
}

extension ConfigRule where Value == Int {
    /// The largest integer every JSON reader keeps exactly (2^53 - 1, I-JSON): counts and orders are
    /// kept within it, so that a number is read the same by the admin API, its clients and the file.
    static let largestSafeInteger = 9_007_199_254_740_991

    /// From `minimum` to ``largestSafeInteger``.
    static func safe(from minimum: Int) -> ConfigRule {
        ConfigRule(accepts: { (minimum...largestSafeInteger).contains($0) }) { text in
            Int(text).map { $0 > largestSafeInteger } == true
                ? "\(text) is too large: the maximum is \(largestSafeInteger)"
                : "\(text) is too small: the minimum is \(minimum)"
        }
    }
}

extension ConfigRule where Value == Duration {
    /// Longer than zero.
    static let positive = ConfigRule(accepts: { $0 > .zero }) { "\($0) is too short: use more than 0s" }

    /// A delay a retry waits in a delay queue: at most the longest message TTL RabbitMQ accepts
    /// (2^32 - 1 ms, 49d17h2m47s295ms), beyond which it refuses to declare the queue.
    static let retryDelay = within(.zero ... .milliseconds(4_294_967_295))
}

extension ConfigRule where Value == String {
    /// Not empty.
    static let nonEmpty = ConfigRule(accepts: { !$0.isEmpty }) { _ in "must not be empty" }

    /// The name of an environment variable: `[A-Za-z_][A-Za-z0-9_]*`.
    static let environmentVariableName = ConfigRule(
        accepts: { name in
            let isWordCharacter = { (character: Character) in
                character.isASCII && (character == "_" || character.isLetter || character.isNumber)
            }
            return name.first.map { !$0.isNumber } == true && name.allSatisfy(isWordCharacter)
        },
        // Not the text itself: a secret written here by mistake must not be shown.
        problem: { _ in "expected the name of an environment variable (letters, digits and _), not a value" }
    )

    /// A registry identifier (see ``Identifier``).
    static let identifier = ConfigRule(accepts: Identifier.isValid) {
        "invalid identifier \"\($0)\": use 1 to \(Identifier.maximumLength) characters among a-z, 0-9, '.', '_' and '-', "
            + "starting with a letter or a digit"
    }

    /// An `http://` or `https://` URL, which may hold `${...}` placeholders after its scheme.
    static let httpURL = url(schemes: ["http", "https"])

    /// A URL with one of `schemes` and a host.
    static func url(schemes: [String]) -> ConfigRule {
        ConfigRule(
            accepts: { text in
                schemes.contains { scheme in
                    text.lowercased().hasPrefix("\(scheme)://") && !text.dropFirst(scheme.count + 3).hasPrefix("/")
                        && text.count > scheme.count + 3
                }
            },
            // Not the URL itself: it may hold a password.
            problem: { _ in "bad URL: use \(schemes.map { "\($0)://host/..." }.joined(separator: " or "))" }
        )
    }
}
