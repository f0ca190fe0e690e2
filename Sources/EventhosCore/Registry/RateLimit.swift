/// How many requests an action may send per second or per minute: `50/s`, `600/m`.
public struct RateLimit: Sendable, Hashable {
    /// The number of requests per `per`.
    public var count: Int
    public var per: Unit

    public enum Unit: String, Sendable, Hashable {
        case second = "s"
        case minute = "m"

        var duration: Duration {
            switch self {
            case .second: .seconds(1)
            case .minute: .seconds(60)
            }
        }
    }

    public init(count: Int, per: Unit) {
        self.count = count
        self.per = per
    }

    /// The time between two requests when they are spread evenly.
    public var interval: Duration {
        per.duration / count
    }

    /// The largest count: 999999999 requests per second or minute.
    public static let maximumCount = 999_999_999

    /// Parses `N/s` or `N/m`, `N` a positive integer written in digits, without leading zeros, up to
    /// ``maximumCount``.
    public init?(configText: String) {
        let parts = configText.split(separator: "/", omittingEmptySubsequences: false)
        guard
            parts.count == 2, parts[0].first != "0", parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            let count = Int(parts[0]), (1...Self.maximumCount).contains(count), let unit = Unit(rawValue: String(parts[1]))
        else {
            return nil
        }
        self.init(count: count, per: unit)
    }

    /// The limit as the configuration file writes it.
    public var configText: String {
        "\(count)/\(per.rawValue)"
    }
}
