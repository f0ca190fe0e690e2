import ArgumentParser
import EventhosCore
import EventhosEngine
import EventhosServer
import Foundation
import Logging
import NIOCore
import NIOPosix
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
        let eventLoops = MultiThreadedEventLoopGroup.singleton.makeIterator().reduce(0) { count, _ in count + 1 }
        let bridge = try await Bridge(configuration: configuration, logger: logger) { port in
            logger.info(
                "eventhos listening: send events to http://\(server.host):\(port)/event/send",
                metadata: ["eventLoops": "\(eventLoops)"])
        }
        try await bridge.run(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    /// The number of event loops `server.eventLoops` asks for, read before the group exists; a
    /// configuration that cannot be read gets the default here, and ``run()`` reports its problems.
    func eventLoopCount() -> Int {
        let settings = try? EventhosConfiguration.load(path: options.config, environment: ProcessInfo.processInfo.environment)
        return (settings?.server ?? ServerSettings()).eventLoopCount(cores: System.coreCount)
    }
}
