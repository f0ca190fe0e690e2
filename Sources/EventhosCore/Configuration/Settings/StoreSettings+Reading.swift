extension StoreSettings {
    /// Reads the `store` section.
    init(config section: inout ConfigMapping) {
        let defaults = StoreSettings()
        self.init(
            path: section.optional("path", default: defaults.path, .nonEmpty),
            retentionDays: section.optional("retentionDays", as: Int.self, .atLeast(1)),
            responseBodyLimit: section.optional("responseBodyLimit", default: defaults.responseBodyLimit, .atLeast(0))
        )
    }
}
