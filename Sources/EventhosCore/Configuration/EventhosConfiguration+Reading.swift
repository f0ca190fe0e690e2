extension EventhosConfiguration {
    /// The sections whose settings `EVENTHOS_<SECTION>_<KEY>` environment variables override.
    static let overridableSections: Set = ["server", "broker", "store", "security", "retry", "log", "tracing", "instance"]

    /// Reads the whole file, section after section.
    init(config file: inout ConfigMapping) {
        let server = file.section("server") { ServerSettings(config: &$0) } ?? ServerSettings()
        let broker = file.section("broker") { BrokerSettings(config: &$0) } ?? BrokerSettings()
        let store = file.section("store") { StoreSettings(config: &$0) } ?? StoreSettings()
        let security = file.section("security") { SecuritySettings(config: &$0) } ?? SecuritySettings()
        let retry = file.section("retry") { RetryPolicy(config: &$0, base: .standard) } ?? .standard
        let log = file.section("log") { LogSettings(config: &$0) } ?? LogSettings()
        let tracing = file.section("tracing") { TracingSettings(config: &$0) } ?? TracingSettings()
        let instance = file.section("instance") { InstanceSettings(config: &$0) } ?? InstanceSettings()
        let registry = RegistryDefinition(config: &file, defaultRetry: retry)
        self.init(server: server, broker: broker, store: store, security: security, retry: retry, log: log, tracing: tracing, instance: instance,
            registry: registry)
    }
}
