import Foundation

/// Timestamps in admin API answers and filters: ISO 8601 UTC with milliseconds.
package enum AdminTime {
    package static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Reads `2026-01-31T12:00:00Z` or `2026-01-31T12:00:00.123Z`.
    package static func date(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
