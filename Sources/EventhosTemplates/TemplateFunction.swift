import EventhosJSON

/// The functions a placeholder may call: pure, of one value, returning text.
///
/// Each reads the text of its argument (a string as it is, any other value as compact JSON), except
/// `json`, which reads the value itself. A `null` argument gives `null` (but `json(null)` is the text
/// `null`), so that `lower(.body.email) ?? "unknown"` falls back for a missing and a `null` email alike.
enum TemplateFunction: String, Sendable, Hashable, CaseIterable {
    /// Lower-cases the text.
    case lower
    /// Upper-cases the text.
    case upper
    /// Removes leading and trailing whitespace and line breaks.
    case trim
    /// The text of the value: `string(.body.id)` is `"42"` where `.body.id` is the number `42`.
    case string
    /// The value as compact JSON text: `json(.body.name)` is `"\"Ada\""`, `json(.body)` the whole body as text.
    case json
    /// Percent-encodes every byte of the text but RFC 3986's unreserved characters, as in a form body.
    case urlencode

    /// The function applied to `value`.
    func apply(_ value: JSONValue) -> JSONValue {
        if self == .json {
            return .string(value.serializedString)
        }
        guard value != .null else { return .null }
        let text = value.text
        return switch self {
        case .lower: .string(text.lowercased())
        case .upper: .string(text.uppercased())
        case .trim: .string(String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()))
        case .string, .json: .string(text)
        case .urlencode: .string(text.percentEncoded())
        }
    }

    /// The names, for error messages: `lower, upper, ...`.
    static var names: String {
        allCases.map(\.rawValue).joined(separator: ", ")
    }
}

extension JSONValue {
    /// The value as text: a string as it is, anything else as compact JSON.
    var text: String {
        guard case .string(let string) = self else { return self.serializedString }
        return string
    }
}
