import EventhosJSON

/// A text with `${...}` placeholders, compiled once and rendered for each delivery.
///
/// A placeholder's path starts at the context (see ``RequestTemplate/context(headers:query:body:oauthResponse:)``)
/// and goes through object members with `.name` and array elements with `[index]`:
/// `${.headers.x-request-id}`, `${.body.items[0].id}`, `${.body.a.b[2][1].c}`. A name is any run of
/// characters but whitespace and `.[]{}()?"`.
///
/// A placeholder holds a small expression, parsed when the template is compiled:
///
/// - `${.body.nickname ?? .body.name ?? "anonymous"}`: the first alternative that is neither nothing
///   nor `null`, else the last one as it is. Literals are written as in JSON (`"none"`, `0`, `-1.5`,
///   `true`, `false`, `null`), so `${.body.note ?? null}` is `null` without a warning.
/// - `${lower(.body.email)}`: a call of one of the pure functions of one argument `lower`, `upper`,
///   `trim`, `string`, `json` and `urlencode`, nested at most ``maximumCallNesting`` deep.
///
/// A template that is exactly one placeholder renders, with ``renderValue(in:warnings:)``, to the value it
/// comes to, whatever its type: `"${.body}"` is the whole body. Any other template renders to text, each
/// placeholder replaced by its value: strings as they are, anything else as compact JSON (`42`, `true`,
/// `null`, `{"a":1}`). A placeholder that comes to nothing (its last alternative points at nothing)
/// renders as `null` (whole value) or empty text, and adds a warning that names it.
///
/// A `$` not followed by `{` is text. To write `${` as text, double the dollar: `$${` renders `${`.
public struct StringTemplate: Sendable, Hashable {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case placeholder(TemplatePlaceholder)
    }

    /// How deep function calls may nest in a placeholder, so that what it renders stays within a small
    /// multiple of what it reads (`urlencode` triples the bytes of a text: at most 27 times for three calls).
    public static let maximumCallNesting = 3

    /// The template as written.
    public let source: String
    private let segments: [Segment]

    /// Compiles a template.
    ///
    /// - Throws: ``TemplateError`` with the position of the first malformed placeholder: `${` without `}`,
    ///   `${}`, a path without its leading dot such as `${body}`, an index that is not digits, an
    ///   unknown function, a malformed literal.
    public init(_ source: String) throws(TemplateError) {
        self.source = source
        self.segments = try TemplateParser.segments(of: source)
    }

    /// Whether the template has no placeholder, and so always renders the same text.
    public var isConstant: Bool {
        self.constantText != nil
    }

    /// The text of a template without placeholders, escapes resolved; `nil` if it has placeholders.
    var constantText: String? {
        switch self.segments.first {
        case nil: ""
        case .literal(let text)? where self.segments.count == 1: text
        default: nil
        }
    }

    /// Renders the template as text.
    public func render(in context: JSONValue, warnings: inout [String]) -> String {
        self.render(in: context, warnings: &warnings) { $0 }
    }

    /// Renders the template as a value: what its placeholder points at if the template is exactly one
    /// placeholder, its text otherwise.
    public func renderValue(in context: JSONValue, warnings: inout [String]) -> JSONValue {
        if self.segments.count == 1, case .placeholder(let placeholder) = self.segments[0] {
            return placeholder.value(in: context, warnings: &warnings) ?? .null
        }
        return .string(self.render(in: context, warnings: &warnings))
    }

    /// Renders the template as part of a URL: its own text is kept as written, the text of each
    /// placeholder is percent-encoded so that it stays within one path segment or query value.
    ///
    /// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded, and a value
    /// that is exactly `.` or `..` is encoded too, so that a value can never climb up the path.
    public func renderURLComponent(in context: JSONValue, warnings: inout [String]) -> String {
        self.render(in: context, warnings: &warnings) { $0.percentEncodedAsPathSegment() }
    }

    private func render(in context: JSONValue, warnings: inout [String], encoding encode: (String) -> String) -> String {
        var text = ""
        for segment in self.segments {
            switch segment {
            case .literal(let literal): text += literal
            case .placeholder(let placeholder): text += encode(placeholder.text(in: context, warnings: &warnings))
            }
        }
        return text
    }
}
