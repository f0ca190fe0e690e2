/// Compiles the text of a ``StringTemplate`` into literal text and placeholders.
///
/// Positions in errors count characters from 0.
struct TemplateParser {
    private let characters: [Character]
    private var position = 0

    private init(_ source: String) {
        self.characters = Array(source)
    }

    static func segments(of source: String) throws(TemplateError) -> [StringTemplate.Segment] {
        var parser = TemplateParser(source)
        return try parser.readSegments()
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

    /// Reads `${.path}`, from its `$` to past its `}`.
    private mutating func readPlaceholder() throws(TemplateError) -> TemplatePath {
        let start = self.position
        self.position += 2
        switch self.current {
        case nil: throw .unclosedPlaceholder(at: start)
        case "}": throw .emptyPlaceholder(at: start)
        case ".": break
        default: throw .missingLeadingDot(at: self.position)
        }
        var components: [TemplatePath.Component] = []
        while true {
            switch self.current {
            case ".": components.append(.member(try self.readName(placeholderStart: start)))
            case "[": components.append(.index(try self.readIndex(placeholderStart: start)))
            case "}":
                self.position += 1
                return TemplatePath(components: components, placeholder: String(self.characters[start..<self.position]))
            case nil: throw .unclosedPlaceholder(at: start)
            case let character?: throw .unexpectedCharacter(character, at: self.position)
            }
        }
    }

    /// Reads `.name`; a name is any run of characters but whitespace and `.[]{}`.
    private mutating func readName(placeholderStart: Int) throws(TemplateError) -> String {
        self.position += 1
        let start = self.position
        while let character = self.current, !character.isWhitespace, !".[]{}".contains(character) {
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

    private var current: Character? {
        self.position < self.characters.count ? self.characters[self.position] : nil
    }

    private func lookingAt(_ text: String) -> Bool {
        self.characters[self.position...].starts(with: text)
    }
}
