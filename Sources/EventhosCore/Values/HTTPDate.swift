import Foundation

/// RFC 9110's HTTP-date in its preferred form, IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
public enum HTTPDate {
    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter
    }()

    /// `date` as an HTTP-date.
    public static func string(from date: Date) -> String { formatter.string(from: date) }

    /// The date an HTTP-date names; `nil` when `text` is not one.
    public static func date(from text: String) -> Date? { formatter.date(from: text) }
}
