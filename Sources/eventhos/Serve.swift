import ArgumentParser
import EventhosCore
import EventhosEngine
import EventhosServer
import Logging
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// `eventhos serve`: ingest, delivery, audit and health, until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the bridge: HTTP ingest, contract consumers and the audit writer.")

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        try await run(configuration: options.load())
    }

    /// Runs the bridge on `configuration`, which ``Eventhos/main()`` reads before the event loops
    /// exist so that they are as many as its `server.eventLoops` says.
    func run(configuration: EventhosConfiguration) async throws {
        let logger = options.bootstrapLogging(configuration.log)
        let server = configuration.server
        let eventLoops = Array(MultiThreadedEventLoopGroup.singleton.makeIterator()).count
        let bridge = try await Bridge(configuration: configuration, logger: logger) { port in
            logger.info(
                "eventhos listening: send events to http://\(server.host):\(port)/event/send",
                metadata: ["eventLoops": "\(eventLoops)"])
        }
        try await bridge.run(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
