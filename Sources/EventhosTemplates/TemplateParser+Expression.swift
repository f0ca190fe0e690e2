import EventhosJSON

/// The expressions inside placeholders:
///
/// ```
/// expression := operand ( "??" operand )*
/// operand    := path | literal | function "(" expression ")"
/// path       := ( "." name | "[" digits "]" )+          starting with "."
/// literal    := JSON string | JSON number | true | false | null
/// ```
///
/// Whitespace may surround operands, `??` and parentheses.
extension TemplateParser {
    mutating func readExpression(placeholderStart: Int, nesting: Int) throws(TemplateError) -> TemplateExpression {
        var alternatives = [try self.readOperand(placeholderStart: placeholderStart, nesting: nesting)]
        self.skipWhitespace()
        while self.lookingAt("??") {
            self.position += 2
            alternatives.append(try self.readOperand(placeholderStart: placeholderStart, nesting: nesting))
            self.skipWhitespace()
        }
        return alternatives.count == 1 ? alternatives[0] : .fallback(alternatives)
    }

    private mutating func readOperand(placeholderStart: Int, nesting: Int) throws(TemplateError) -> TemplateExpression {
        self.skipWhitespace()
        switch self.current {
        case nil: throw .unclosedPlaceholder(at: placeholderStart)
        case ".": return .path(try self.readPath(placeholderStart: placeholderStart))
        case "\"": return .literal(try self.readString())
        case let character? where character == "-" || (character.isASCII && character.isNumber):
            return .literal(try self.readNumber())
        case let character? where character.isASCII && character.isLetter:
            return try self.readWord(placeholderStart: placeholderStart, nesting: nesting)
        default: throw .missingOperand(at: self.position)
        }
    }

    /// Reads `.name` and `[index]` components for as long as they follow one another.
    mutating func readPath(placeholderStart: Int) throws(TemplateError) -> TemplatePath {
        var components: [TemplatePath.Component] = []
        while true {
            switch self.current {
            case ".": components.append(.member(try self.readName(placeholderStart: placeholderStart)))
            case "[": components.append(.index(try self.readIndex(placeholderStart: placeholderStart)))
            default: return TemplatePath(components: components)
            }
        }
    }

    /// Reads `.name`; a name is any run of characters but whitespace and `.[]{}()?"`.
    private mutating func readName(placeholderStart: Int) throws(TemplateError) -> String {
        self.position += 1
        let start = self.position
        while let character = self.current, !character.isWhitespace, !#".[]{}()?""#.contains(character) {
            self.position += 1
        }
        guard self.position > start else {
            throw self.current == nil ? .unclosedPlaceholder(at: placeholderStart) : .missingName(at: start)
        }
        return String(self.characters[start..<self.position])
    }

    /// Reads `[digits]`.
    private mutating func readIndex(placeholderStart: Int) throws(TemplateError) -> Int {
        let bracket = self.position
        self.position += 1
        let start = self.position
        while let character = self.current, character.isASCII, character.isNumber {
            self.position += 1
        }
        guard let closing = self.current else { throw .unclosedPlaceholder(at: placeholderStart) }
        guard closing == "]", let index = Int(String(self.characters[start..<self.position])) else {
            throw .invalidIndex(at: bracket)
        }
        self.position += 1
        return index
    }

    /// Reads a string written as in JSON, escapes included: `"none"`, `"a \"quoted\" word"`, `"\u00e9"`.
    private mutating func readString() throws(TemplateError) -> JSONValue {
        let start = self.position
        self.position += 1
        while let character = self.current, character != "\"" {
            self.position += character == "\\" ? 2 : 1
        }
        guard self.current != nil else { throw .unclosedString(at: start) }
        self.position += 1
        return try self.literal(from: start)
    }

    /// Reads a number written as in JSON: `0`, `-1`, `2.5`, `1e3`.
    private mutating func readNumber() throws(TemplateError) -> JSONValue {
        let start = self.position
        while let character = self.current, "+-.eE0123456789".contains(character) {
            self.position += 1
        }
        return try self.literal(from: start)
    }

    /// The JSON value written from `start` to here.
    private func literal(from start: Int) throws(TemplateError) -> JSONValue {
        let text = String(self.characters[start..<self.position])
        guard let value = try? JSONParser.parse(Array(text.utf8)) else { throw .invalidLiteral(text, at: start) }
        return value
    }

    /// Reads `true`, `false`, `null` or a call such as `lower(.body.email)`.
    private mutating func readWord(placeholderStart: Int, nesting: Int) throws(TemplateError) -> TemplateExpression {
        let start = self.position
        while let character = self.current, character.isASCII, character.isLetter || character.isNumber || character == "_" {
            self.position += 1
        }
        let word = String(self.characters[start..<self.position])
        let keywords: [String: JSONValue] = ["true": .bool(true), "false": .bool(false), "null": .null]
        if let value = keywords[word] {
            return .literal(value)
        }
        self.skipWhitespace()
        guard self.current == "(" else {
            throw TemplateFunction(rawValue: word) == nil ? .missingLeadingDot(at: start) : .missingArgument(word, at: self.position)
        }
        guard let function = TemplateFunction(rawValue: word) else { throw .unknownFunction(word, at: start) }
        guard nesting < StringTemplate.maximumCallNesting else { throw .nestedTooDeep(at: start) }
        self.position += 1
        let argument = try self.readExpression(placeholderStart: placeholderStart, nesting: nesting + 1)
        switch self.current {
        case ")":
            self.position += 1
            return .call(function, argument)
        case nil: throw .unclosedPlaceholder(at: placeholderStart)
        default: throw .unclosedCall(word, at: self.position)
        }
    }

    private mutating func skipWhitespace() {
        while let character = self.current, character.isWhitespace {
            self.position += 1
        }
    }
}
