extension CircuitBreakerPolicy {
    /// Reads a `circuitBreaker` mapping; what it leaves out takes the policy's defaults, except
    /// that an absent `maxOpenFor` is at least the `openFor` given.
    init(config section: inout ConfigMapping) {
        let defaults = CircuitBreakerPolicy()
        let failureRate = section.optional("failureRate", default: defaults.failureRate, .failureRate)
        let minimumCalls = section.optional("minimumCalls", default: defaults.minimumCalls, .safe(from: 1))
        let window = section.optional("window", default: defaults.window, .positive)
        let openFor = section.optional("openFor", default: defaults.openFor, .positive)
        var maxOpenFor = section.optional("maxOpenFor", as: Duration.self, .positive) ?? max(defaults.maxOpenFor, openFor)
        if maxOpenFor < openFor {
            section.report("maxOpenFor (\(maxOpenFor.configText)) is shorter than openFor (\(openFor.configText))", at: "maxOpenFor")
            maxOpenFor = openFor
        }
        let disableAfter = section.optional("disableAfter", as: Duration.self, .positive)
        self.init(
            failureRate: failureRate, minimumCalls: minimumCalls, window: window, openFor: openFor, maxOpenFor: maxOpenFor,
            disableAfter: disableAfter)
    }
}

extension ConfigRule where Value == Percentage {
    /// From 1% to 100%.
    static let failureRate = ConfigRule(accepts: { (1...100).contains($0.percent) }) {
        "failureRate must be a percentage between 1% and 100%, not \($0)"
    }
}
