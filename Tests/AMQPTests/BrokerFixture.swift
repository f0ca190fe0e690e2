import AMQP
import Foundation
import Logging
import NIOCore

/// A connection to the test broker (`EVENTHOS_TEST_AMQP_URL`) running in a background task, and
/// names with a random suffix so that tests sharing the broker never collide.
struct BrokerFixture {
    static let url = ProcessInfo.processInfo.environment["EVENTHOS_TEST_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672/%2f"

    let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)

    func name(_ base: String) -> String { "eventhos.test.\(base).\(suffix)" }

    /// Runs `body` with a connected connection, then shuts it down and waits for `run()` to return.
    func withConnection<T>(
        _ connectionName: String, reconnectInitialDelay: Duration = .milliseconds(50),
        _ body: (AMQPConnection) async throws -> T
    ) async throws -> T {
        let configuration = try AMQPConfiguration(
            urls: [Self.url], connectionName: "\(connectionName)-\(suffix)", heartbeat: .seconds(5),
            reconnectInitialDelay: reconnectInitialDelay, reconnectMaxDelay: reconnectInitialDelay * 4
        )
        return try await withConnection(configuration, body)
    }

    /// Runs `body` with a connection of `configuration` once it is connected, then shuts it down.
    func withConnection<T>(_ configuration: AMQPConfiguration, _ body: (AMQPConnection) async throws -> T) async throws -> T {
        var logger = Logger(label: "amqp-test")
        logger.logLevel = .warning
        let connection = AMQPConnection(configuration: configuration, logger: logger)
        let running = Task { try await connection.run() }
        defer { running.cancel() }
        await Self.waitFor(.connected, on: connection)
        do {
            let result = try await body(connection)
            running.cancel()
            try await running.value
            return result
        } catch {
            running.cancel()
            try? await running.value
            throw error
        }
    }

    static func waitFor(_ state: AMQPConnectionState, on connection: AMQPConnection) async {
        for await current in connection.connectionStates() where current == state { return }
    }

    /// Waits until the broker reports `count` messages in `queue` (counts lag acks slightly).
    static func waitForMessageCount(_ count: UInt32, in queue: String, on connection: AMQPConnection) async throws -> UInt32? {
        var info: UInt32?
        for _ in 0..<50 {
            info = try await connection.queueInfo(queue)?.messages
            if info == count { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return info
    }

    /// Closes the broker side of the connection named `connectionName` with rabbitmqctl.
    func closeFromBroker(_ connectionName: String) throws {
        _ = try Self.rabbitmqctl(["close_connection", try brokerProcess(of: connectionName), "eventhos reconnect test"])
    }

    /// The numbers of the channels the broker has open on the connection named `connectionName`.
    func openChannels(_ connectionName: String) throws -> Set<Int> {
        let connection = try brokerProcess(of: connectionName)
        let listing = try Self.rabbitmqctl(["list_channels", "connection", "number", "--no-table-headers", "--quiet"])
        return Set(listing.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t")
            return fields.count == 2 && fields[0] == connection ? Int(fields[1]) : nil
        })
    }

    /// The broker's process id of the connection named `connectionName`.
    private func brokerProcess(of connectionName: String) throws -> String {
        let listing = try Self.rabbitmqctl(["list_connections", "pid", "client_properties", "--no-table-headers", "--quiet"])
        let line = listing.split(separator: "\n").first { $0.contains("\"\(connectionName)-\(suffix)\"") }
        guard let pid = line?.split(separator: "\t").first else { throw FixtureError("connection not listed: \(listing)") }
        return String(pid)
    }

    private static func rabbitmqctl(_ arguments: [String]) throws -> String {
        let process = Process()
        // broker/ctl in scripts/test: the private node's rabbitmqctl, or the system's.
        let ctl = ProcessInfo.processInfo.environment["EVENTHOS_RABBITMQCTL"] ?? "rabbitmqctl"
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [ctl] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw FixtureError("rabbitmqctl \(arguments): \(text)") }
        return text
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension ByteBuffer {
    init(text: String) {
        self = ByteBufferAllocator().buffer(string: text)
    }
}
