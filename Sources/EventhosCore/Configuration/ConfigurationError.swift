/// A configuration that cannot be used, with every problem found in it.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// All the problems, in the order of the file; never empty.
    public var problems: [ConfigurationProblem]

    public init(problems: [ConfigurationProblem]) {
        self.problems = problems
    }

    /// One problem per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
