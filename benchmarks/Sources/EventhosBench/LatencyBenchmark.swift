import ArgumentParser
import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `latency`: open-loop paced load with a subscriber of its own.
///
/// It sends webhooks at a fixed rate (each on its own schedule, whatever the answers of the
/// earlier ones: no coordinated omission) and serves the contract's subscriber itself, so the
/// send and the arrival (matched by `eventhos-received-event-id`) are read on one clock.
struct LatencyBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency", abstract: "Webhook-to-subscriber latency at a fixed rate.")

    @OptionGroup var load: LoadOptions

    @Option(help: "The full /event/send URL, event identifier included.")
    var target: String

    @Option(help: "The producer key.")
    var key: String

    @Option(help: "Events per second.")
    var rate = 1000

    @Option(help: "The port the subscriber listens on (the contract's action posts to /receive there).")
    var receiverPort = 9100

    func run() async throws {
        var logger = Logger(label: "eventhos-bench")
        logger.logLevel = .critical  // the subscriber is stopped by cancellation, which its server logs as errors
        let log = LatencyLog()
        let router = Router()
        router.post("/receive") { request, _ -> HTTPResponse.Status in
            let arrived = ContinuousClock.now
            if let id = request.headers[HTTPField.Name("eventhos-received-event-id")!] { log.arrived(id, at: arrived) }
            return .ok
        }
        let (ready, readyContinuation) = AsyncStream.makeStream(of: Void.self)
        let subscriber = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: receiverPort)),
            onServerRunning: { _ in readyContinuation.yield() }, logger: logger)
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        let load = PacedLoad(
            target: target, key: key, rate: rate, duration: load.duration,
            body: JSONBody.make(bytes: load.bodyBytes))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await subscriber.runService(gracefulShutdownSignals: []) }
            for await _ in ready { break }
            try await load.run(client: client, log: log)
            try await log.waitForArrivals(timeout: .seconds(10))
            group.cancelAll()
        }
        try await client.shutdown()
        print(log.report(rate: rate))
    }
}
