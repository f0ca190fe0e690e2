extension Duration {
    /// Whole milliseconds, as the `*_ms` columns store durations.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
