import EventhosCore
import Foundation

/// The `Date` header of the pipeline's answers, formatted once per second.
struct HTTPDateCache {
    private var second = -1
    private var formatted = ""

    /// The current second as an HTTP-date.
    mutating func now() -> String {
        let now = Int(Date().timeIntervalSince1970)
        if now != second {
            second = now
            formatted = HTTPDate.string(from: Date(timeIntervalSince1970: TimeInterval(now)))
        }
        return formatted
    }
}
