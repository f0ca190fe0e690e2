/// One thing wrong with a configuration: where it is and what is wrong.
public struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is: a path in the file such as `actions[0].http.timeout`, or
    /// `env EVENTHOS_SERVER_PORT` for an environment override; empty for the file as a whole.
    public var path: String
    /// The line of the file, 1-based, when known.
    public var line: Int?
    /// The column of the file, 1-based; only YAML syntax errors have one.
    public var column: Int?
    /// What is wrong, and when possible how to put it right.
    public var message: String

    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `actions[0].http.timeout (line 12): bad duration "10 seconds": use 250ms, 5s, 2m or 1h`, or
    /// `line 3, column 5: invalid YAML: ...` for the file as a whole.
    public var description: String {
        let position = [line.map { "line \($0)" }, column.map { "column \($0)" }].compactMap(\.self).joined(separator: ", ")
        switch (path.isEmpty, position.isEmpty) {
        case (true, true): return message
        case (true, false): return "\(position): \(message)"
        case (false, true): return "\(path): \(message)"
        case (false, false): return "\(path) (\(position)): \(message)"
        }
    }
}
