extension EventhosConfiguration {
    /// The sections whose settings `EVENTHOS_<SECTION>_<KEY>` environment variables override.
    static let overridableSections: Set = ["server", "broker", "store", "security", "retry", "log"]

    /// Reads the whole file.
    init(config file: inout ConfigMapping) {
        let retry = file.section("retry") { RetryPolicy(config: &$0, base: .standard) } ?? .standard
        self.init(
            server: file.section("server") { ServerSettings(config: &$0) } ?? ServerSettings(),
            broker: file.section("broker") { BrokerSettings(config: &$0) } ?? BrokerSettings(),
            store: file.section("store") { StoreSettings(config: &$0) } ?? StoreSettings(),
            security: file.section("security") { SecuritySettings(config: &$0) } ?? SecuritySettings(),
            retry: retry,
            log: file.section("log") { LogSettings(config: &$0) } ?? LogSettings(),
            registry: RegistryDefinition(config: &file, defaultRetry: retry)
        )
    }
}
