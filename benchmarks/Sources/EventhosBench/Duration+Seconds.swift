import Foundation

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

extension Double {
    /// Fixed-point text with `digits` decimals.
    func formatted(digits: Int) -> String {
        String(format: "%.\(digits)f", self)
    }
}
