import ArgumentParser
import EventhosCore
import EventhosEngine
import EventhosServer
import Logging
import ServiceLifecycle
import UnixSignals

/// `eventhos serve`: ingest, delivery, audit and health, until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the bridge: HTTP ingest, contract consumers and the audit writer.")

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        let configuration = try options.load()
        let logger = options.bootstrapLogging(configuration.log)
        let server = configuration.server
        let bridge = try await Bridge(configuration: configuration, logger: logger) { port in
            logger.info("eventhos listening: send events to http://\(server.host):\(port)/event/send")
        }
        try await bridge.run(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
