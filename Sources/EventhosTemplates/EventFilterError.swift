/// Why a filter does not compile: every problem found in it, in the order they are written.
///
/// ```
/// body.total.$gte: $gte takes a number or a string, not an array
/// $or[1]: each condition of $or is an object, such as { body.vip: true }, not a string
/// ```
public struct EventFilterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One thing wrong in a filter, and where.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// Where the value at fault sits in the filter, as in `body.total.$gte`, `$or[1]` or
        /// `$or[0].body.channel`; empty for the filter as a whole. It never starts with `[`, so the filter's own
        /// path joins it with a dot: `filter` and `$or[1]` make `filter.$or[1]`.
        public let path: String
        /// What is wrong, without the path, as in `$gte takes a number or a string, not an array`.
        public let message: String

        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }

        public var description: String {
            self.path.isEmpty ? self.message : "\(self.path): \(self.message)"
        }
    }

    /// The problems, at least one.
    public let problems: [Problem]

    /// The problems, one a line.
    public var description: String {
        self.problems.map(\.description).joined(separator: "\n")
    }
}
