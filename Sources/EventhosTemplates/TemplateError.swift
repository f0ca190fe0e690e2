/// Why a template does not compile: where (the key path in the action's configuration and the
/// character position in the template) and what.
///
/// ```
/// data.name: unclosed placeholder: '${' without '}' at character 3
/// ```
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case unclosedPlaceholder
        case emptyPlaceholder
        case missingLeadingDot
        case missingName
        case invalidIndex
        case unexpectedCharacter(Character)
        case missingOperand
        case unclosedString
        case invalidLiteral(String)
        case unknownFunction(String)
        case missingArgument(String)
        case unclosedCall(String)
        case nestedTooDeep
        case invalidMethod(String)
        case invalidHeaderName(String)
        case lineBreakInHeaderValue
    }

    private let code: Code
    /// Where the template sits in the action's configuration, such as `url`, `headers.X-Source`,
    /// `params.tenant` or `data.items[0].name`; empty for a template compiled on its own.
    public private(set) var path: String
    /// Offset of the offending character in the template, counting characters from 0; `nil` when the
    /// error is about the whole value.
    public let position: Int?

    private init(_ code: Code, path: String = "", position: Int?) {
        self.code = code
        self.path = path
        self.position = position
    }

    /// What is wrong, without path nor position.
    public var message: String {
        switch self.code {
        case .unclosedPlaceholder: "unclosed placeholder: '${' without '}'"
        case .emptyPlaceholder: "empty placeholder '${}'"
        case .missingLeadingDot: "a placeholder's path starts with '.', as in '${.body.id}'"
        case .missingName: "expected a name after '.'"
        case .invalidIndex: "an array index is digits between '[' and ']', as in '[0]'"
        case .unexpectedCharacter(let character): "unexpected character '\(character)' in placeholder"
        case .missingOperand: "expected a path such as '.body.id', a literal such as \"none\" or 0, or a function call"
        case .unclosedString: "unclosed string: '\"' without '\"'"
        case .invalidLiteral(let text): "invalid literal '\(text)': strings and numbers are written as in JSON"
        case .unknownFunction(let name): "unknown function '\(name)'; the functions are \(TemplateFunction.names)"
        case .missingArgument(let name): "'\(name)' is a function: call it as \(name)(.body.id)"
        case .unclosedCall(let name): "expected ')' to close the call of \(name)"
        case .nestedTooDeep: "function calls nest at most \(StringTemplate.maximumCallNesting) deep"
        case .invalidMethod(let method): "invalid HTTP method '\(method)'"
        case .invalidHeaderName(let name): "invalid header name '\(name)'"
        case .lineBreakInHeaderValue: "line break in header value"
        }
    }

    public var description: String {
        var text = self.path.isEmpty ? self.message : "\(self.path): \(self.message)"
        if let position = self.position {
            text += " at character \(position)"
        }
        return text
    }

    /// The same error, for a template nested at `parent`: `data` and `name` make `data.name`, `data` and
    /// `[0]` make `data[0]`.
    func nested(in parent: String) -> Self {
        var error = self
        error.path = TemplateError.join(parent, self.path)
        return error
    }

    /// Joins two parts of a key path.
    static func join(_ parent: String, _ child: String) -> String {
        if parent.isEmpty { return child }
        if child.isEmpty { return parent }
        return child.hasPrefix("[") ? parent + child : "\(parent).\(child)"
    }

    static func unclosedPlaceholder(at position: Int) -> Self { .init(.unclosedPlaceholder, position: position) }
    static func emptyPlaceholder(at position: Int) -> Self { .init(.emptyPlaceholder, position: position) }
    static func missingLeadingDot(at position: Int) -> Self { .init(.missingLeadingDot, position: position) }
    static func missingName(at position: Int) -> Self { .init(.missingName, position: position) }
    static func invalidIndex(at position: Int) -> Self { .init(.invalidIndex, position: position) }
    static func unexpectedCharacter(_ character: Character, at position: Int) -> Self {
        .init(.unexpectedCharacter(character), position: position)
    }
    static func missingOperand(at position: Int) -> Self { .init(.missingOperand, position: position) }
    static func unclosedString(at position: Int) -> Self { .init(.unclosedString, position: position) }
    static func invalidLiteral(_ text: String, at position: Int) -> Self { .init(.invalidLiteral(text), position: position) }
    static func unknownFunction(_ name: String, at position: Int) -> Self { .init(.unknownFunction(name), position: position) }
    static func missingArgument(_ name: String, at position: Int) -> Self { .init(.missingArgument(name), position: position) }
    static func unclosedCall(_ name: String, at position: Int) -> Self { .init(.unclosedCall(name), position: position) }
    static func nestedTooDeep(at position: Int) -> Self { .init(.nestedTooDeep, position: position) }
    static func invalidMethod(_ method: String) -> Self { .init(.invalidMethod(method), path: "method", position: nil) }
    static func invalidHeaderName(_ name: String) -> Self {
        .init(.invalidHeaderName(name), path: join("headers", name), position: nil)
    }
    static func lineBreakInHeaderValue(at position: Int) -> Self { .init(.lineBreakInHeaderValue, position: position) }
}
