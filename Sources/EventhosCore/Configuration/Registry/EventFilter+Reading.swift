import EventhosTemplates

extension EventFilter {
    /// Reads a contract's `filter`, reporting each problem at its path inside it (`filter.body.total.$gte`).
    init?(config value: ConfigValue) {
        do {
            try self.init(json: value.json)
        } catch {
            for problem in error.problems {
                value.report(problem.message, inside: problem.path)
            }
            return nil
        }
    }
}
