/// A share written as a percentage in the configuration file: `50%`, `12.5%`.
///
/// It keeps the percentage as written rather than the fraction, so that it renders back to the
/// same text (`7%` stays `7%`, where the fraction 0.07 times 100 would not).
public struct Percentage: Sendable, Hashable {
    /// The percentage: 50 for `50%`.
    public var percent: Double

    public init(_ percent: Double) {
        self.percent = percent
    }

    /// The share as a fraction: 0.5 for `50%`.
    public var fraction: Double {
        percent / 100
    }

    /// Parses digits, with at most one decimal point, followed by `%`: `50%`, `12.5%`.
    public init?(configText: String) {
        guard configText.hasSuffix("%") else { return nil }
        let number = configText.dropLast()
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard
            parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let percent = Double(number), percent.isFinite
        else { return nil }
        self.init(percent)
    }

    /// The percentage as the configuration file writes it: `50%`, `12.5%`.
    public var configText: String {
        if percent == percent.rounded(), abs(percent) < 1e15 {
            return "\(Int64(percent))%"
        }
        return "\(percent)%"
    }
}
