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
    /// The JSON type a value has in a body of the admin API, where types are strict: `5` is not
    /// the text "5". A string by default.
    static var jsonType: ConfigJSONType { get }
    /// Parses the text of a JSON string or number of the admin API; ``init(configText:)`` by
    /// default, exact names for a set of names (`new`, not `NEW`).
    init?(jsonText: String)
}

/// The JSON types a setting may have in a body of the admin API.
enum ConfigJSONType: String {
    case string
    case integer
    case number
    case boolean

    /// What a value of the type is called in messages.
    var expectation: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "true or false"
        }
    }
}

extension ConfigScalar {
    static func configProblem(_ text: String) -> String {
        "bad value \"\(text)\": expected \(configExpectation)"
    }

    static var jsonType: ConfigJSONType { .string }

    init?(jsonText: String) {
        self.init(configText: jsonText)
    }
}

extension ConfigScalar where Self: RawRepresentable<String> & CaseIterable {
    /// Matches a case by name, ignoring case.
    init?(configText: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == configText.lowercased() }) else { return nil }
        self = match
    }

    /// Matches a case by its exact name.
    init?(jsonText: String) {
        self.init(rawValue: jsonText)
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

    static var jsonType: ConfigJSONType { .integer }
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

    static var jsonType: ConfigJSONType { .boolean }
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
