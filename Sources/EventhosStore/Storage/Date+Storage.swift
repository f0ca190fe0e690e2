import Foundation

extension Date {
    private static let storageStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// ISO-8601 UTC with milliseconds (`2026-01-31T12:00:00.123Z`): fixed width, so text order is time order.
    var storageText: String {
        formatted(Self.storageStyle)
    }

    /// Reads a timestamp column.
    init(storageText: String) throws(StoreError) {
        do {
            self = try Self.storageStyle.parse(storageText)
        } catch {
            throw StoreError(.invalidRow, "invalid timestamp '\(storageText)'")
        }
    }
}
