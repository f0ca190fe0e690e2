extension TracingSettings {
    /// Reads the `tracing` section.
    init(config section: inout ConfigMapping) {
        let defaults = TracingSettings()
        self.init(
            enabled: section.optional("enabled", default: defaults.enabled),
            endpoint: section.optional("endpoint", default: defaults.endpoint, .httpURL),
            serviceName: section.optional("serviceName", default: defaults.serviceName, .nonEmpty),
            sampleRatio: section.optional("sampleRatio", default: defaults.sampleRatio, .within(0...1)),
            exportInterval: section.optional("exportInterval", default: defaults.exportInterval, .positive)
        )
    }
}
