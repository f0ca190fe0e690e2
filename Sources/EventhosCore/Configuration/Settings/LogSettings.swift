/// What the process logs, and how.
public struct LogSettings: Sendable, Hashable {
    /// The levels of swift-log, least severe first.
    public enum Level: String, Sendable, Hashable, CaseIterable {
        case trace
        case debug
        case info
        case notice
        case warning
        case error
        case critical
    }

    /// How each log line is written.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// Human-readable lines.
        case text
        /// One JSON object per line.
        case json
    }

    public var level: Level
    public var format: Format

    public init(level: Level = .info, format: Format = .text) {
        self.level = level
        self.format = format
    }
}
