extension ServerSettings {
    /// Reads the `server` section.
    init(config section: inout ConfigMapping) {
        let defaults = ServerSettings()
        self.init(
            host: section.optional("host", default: defaults.host),
            port: section.optional("port", default: defaults.port, .within(0...65_535)),
            maxBodyBytes: section.optional("maxBodyBytes", default: defaults.maxBodyBytes, .atLeast(1)),
            shutdownGrace: section.optional("shutdownGrace", default: defaults.shutdownGrace),
            publishTimeout: section.optional("publishTimeout", default: defaults.publishTimeout, .positive),
            chainHopLimit: section.optional("chainHopLimit", default: defaults.chainHopLimit, .within(1...1_000)),
            eventLoops: section.optional("eventLoops", as: Int.self, .within(1...1_024))
        )
    }
}
