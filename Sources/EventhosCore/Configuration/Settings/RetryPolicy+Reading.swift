extension RetryPolicy {
    /// Reads a `retry` mapping; what it leaves out comes from `base`, so `{ maxAttempts: 8 }` keeps the base's backoff.
    init(config section: inout ConfigMapping, base: RetryPolicy) {
        let maxAttempts = section.optional("maxAttempts", default: base.maxAttempts, .safe(from: 1))
        var backoff = section.value("backoff")?.list { $0.scalar(Duration.self, .retryDelay) } ?? base.backoff
        if backoff.isEmpty {
            section.report("backoff must list at least one delay", at: "backoff")
            backoff = base.backoff
        }
        self.init(maxAttempts: maxAttempts, backoff: backoff)
    }
}
