/// Compiles the text of a ``StringTemplate`` into literal text and placeholders.
///
/// Positions in errors count characters from 0.
struct TemplateParser {
    let characters: [Character]
    var position = 0

    private init(_ source: String) {
        self.characters = Array(source)
    }

    static func segments(of source: String) throws(TemplateError) -> [StringTemplate.Segment] {
        var parser = TemplateParser(source)
        return try parser.readSegments()
    }

    /// Reads a path written without its leading dot, as filters write them: `body.items[0].id` reads as
    /// `${.body.items[0].id}` does; `nil` unless the whole text is one path.
    static func path(withoutLeadingDot source: String) -> TemplatePath? {
        var parser = TemplateParser("." + source)
        guard let path = try? parser.readPath(placeholderStart: 0), parser.current == nil else { return nil }
        return path
    }

    private mutating func readSegments() throws(TemplateError) -> [StringTemplate.Segment] {
        var segments: [StringTemplate.Segment] = []
        var literal = ""
        while self.position < self.characters.count {
            if self.lookingAt("$${") {
                literal += "${"
                self.position += 3
            } else if self.lookingAt("${") {
                if !literal.isEmpty {
                    segments.append(.literal(literal))
                    literal = ""
                }
                segments.append(.placeholder(try self.readPlaceholder()))
            } else {
                literal.append(self.characters[self.position])
                self.position += 1
            }
        }
        if !literal.isEmpty {
            segments.append(.literal(literal))
        }
        return segments
    }

    /// Reads `${expression}`, from its `$` to past its `}`.
    private mutating func readPlaceholder() throws(TemplateError) -> TemplatePlaceholder {
        let start = self.position
        self.position += 2
        switch self.current {
        case nil: throw .unclosedPlaceholder(at: start)
        case "}": throw .emptyPlaceholder(at: start)
        default: break
        }
        let expression = try self.readExpression(placeholderStart: start, nesting: 0)
        switch self.current {
        case "}":
            self.position += 1
            return TemplatePlaceholder(expression: expression, source: String(self.characters[start..<self.position]))
        case nil: throw .unclosedPlaceholder(at: start)
        case let character?: throw .unexpectedCharacter(character, at: self.position)
        }
    }

    var current: Character? {
        self.position < self.characters.count ? self.characters[self.position] : nil
    }

    func lookingAt(_ text: String) -> Bool {
        self.characters[self.position...].starts(with: text)
    }
}
