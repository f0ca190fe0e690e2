/// A setting written as one YAML scalar or one environment variable.
protocol ConfigScalar {
    /// Parses the text of a scalar; `nil` when it is not a valid value.
    init?(configText: String)
    /// The value as the file writes it, for messages.
    var configText: String { get }
    /// What a valid value looks like, for messages: `an integer`.
    static var configExpectation: String { get }
    /// Says what is wrong with `text`, which `init(configText:)` refused.
    static func configProblem(_ text: String) -> String
}

extension ConfigScalar {
    static func configProblem(_ text: String) -> String {
        "bad value \"\(text)\": expected \(configExpectation)"
    }
}

extension ConfigScalar where Self: RawRepresentable<String> & CaseIterable {
    /// Matches a case by name, ignoring case.
    init?(configText: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == configText.lowercased() }) else { return nil }
        self = match
    }

    var configText: String { rawValue }

    static var configExpectation: String {
        "one of " + allCases.map(\.rawValue).joined(separator: ", ")
    }
}

extension String: ConfigScalar {
    init?(configText: String) {
        self = configText
    }

    var configText: String { self }

    static var configExpectation: String { "a string" }
}

extension Int: ConfigScalar {
    init?(configText: String) {
        self.init(configText)
    }

    var configText: String { String(self) }

    static var configExpectation: String { "an integer" }
}

extension Bool: ConfigScalar {
    init?(configText: String) {
        switch configText.lowercased() {
        case "true": self = true
        case "false": self = false
        default: return nil
        }
    }

    var configText: String { String(self) }

    static var configExpectation: String { "true or false" }
}

extension Duration: ConfigScalar {
    static var configExpectation: String { "a duration" }

    static func configProblem(_ text: String) -> String {
        "bad duration \"\(text)\": use 250ms, 5s, 2m or 1h"
    }
}

extension Operation: ConfigScalar {}
extension SystemDefinition.Class: ConfigScalar {}
extension ActionSecurity.APIKeyPlacement: ConfigScalar {}
extension OrderingPolicy.OnDead: ConfigScalar {}
