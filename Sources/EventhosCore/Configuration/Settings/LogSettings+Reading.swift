extension LogSettings.Level: ConfigScalar {}
extension LogSettings.Format: ConfigScalar {}

extension LogSettings {
    /// Reads the `log` section.
    init(config section: inout ConfigMapping) {
        let defaults = LogSettings()
        self.init(level: section.optional("level", default: defaults.level), format: section.optional("format", default: defaults.format))
    }
}
