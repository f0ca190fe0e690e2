extension Duration {
    /// The units of the configuration file, largest first, in milliseconds.
    private static let configUnits: [(symbol: String, milliseconds: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    /// The most digits a count may have: up to 999999999 of each unit (999999999d is about 2.7 million years).
    public static let maximumDigits = 9

    /// Parses a duration as the configuration file writes it: `250ms`, `5s`, `2m`, `1h`, `3d`, or
    /// several of them largest unit first, as in `1m30s`.
    public init?(configText: String) {
        var milliseconds: Int64 = 0
        var smallestUnitSoFar = Int64.max
        var rest = Substring(configText)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            let symbol = rest.dropFirst(digits.count).prefix { $0.isASCII && $0.isLetter }
            guard
                !digits.isEmpty, digits.count <= Self.maximumDigits, let count = Int64(digits),
                let unit = Self.configUnits.first(where: { $0.symbol == symbol }), unit.milliseconds < smallestUnitSoFar
            else { return nil }
            smallestUnitSoFar = unit.milliseconds
            milliseconds += count * unit.milliseconds  // 9 digits of days and of every smaller unit stay far below Int64.max
            rest = rest.dropFirst(digits.count + symbol.count)
        }
        self = .milliseconds(milliseconds)
    }

    /// The duration as the configuration file writes it, to the millisecond: `1m30s`, `250ms`, `3d`, `0s`.
    public var configText: String {
        guard self >= .zero else { return "-" + (.zero - self).configText }
        let (seconds, attoseconds) = components
        let parts: [(count: Int64, symbol: String)] = [
            (seconds / 86_400, "d"), (seconds % 86_400 / 3_600, "h"), (seconds % 3_600 / 60, "m"), (seconds % 60, "s"),
            (attoseconds / 1_000_000_000_000_000, "ms"),
        ]
        let text = parts.filter { $0.count > 0 }.map { "\($0.count)\($0.symbol)" }.joined()
        guard !text.isEmpty else { return "0s" }
        return text
    }
}
