import EventhosJSON
import EventhosTemplates
import Foundation
import Subprocess
import Synchronization
import Testing

/// A real `eventhos serve` process on a test bridge's configuration (a ``RunningChild``), its JSON
/// log lines captured from standard error.
final class EventhosProcess: Sendable {
    private let child: RunningChild
    private let log = LogLines()

    /// Starts `eventhos serve` with `bridge`'s configuration, logging JSON at info, `environment`
    /// added to its variables.
    init(_ bridge: TestBridge, environment: [Environment.Key: String?] = [:]) throws {
        try FileManager.default.createDirectory(at: bridge.directory, withIntermediateDirectories: true)
        let config = bridge.directory.appendingPathComponent("eventhos.yaml")
        try bridge.yaml.write(to: config, atomically: true, encoding: .utf8)
        let log = log
        child = try RunningChild(
            eventhos: ["serve", "--config", config.path],
            environment: [
                "EVENTHOS_LOG_LEVEL": "info",
                "EVENTHOS_LOG_FORMAT": "json",
                "EVENTHOS_TEST_SECRET_KEY": "secret-key-material-\(bridge.tag)",
                "EVENTHOS_TEST_POSTGRES_PASSWORD": TestPostgres.password,
            ].merging(environment) { _, added in added },
            output: { _ in }, errors: { log.feed($0) })
    }

    /// Every line logged so far: a JSON object, or the raw text of a line that was not JSON.
    var logLines: [JSONValue] { log.lines }

    /// The messages logged so far, in order.
    var messages: [String] { logLines.compactMap { $0["message"]?.stringValue } }

    /// The base URL once the server listens (from its "eventhos listening" log line).
    func baseURL(timeout: Duration = .seconds(30)) async throws -> String {
        let port = try await eventually(timeout: timeout) { () -> Int? in
            let line = messages.first { $0.hasPrefix("eventhos listening") }
            guard let line, let range = line.range(of: #":(\d+)/"#, options: .regularExpression) else { return nil }
            return Int(line[range].dropFirst().dropLast())
        }
        return "http://127.0.0.1:\(try #require(port, "eventhos did not start: \(logLines)"))"
    }

    /// Sends SIGTERM: a graceful shutdown.
    func terminate() {
        send(.terminate)
    }

    /// Sends SIGKILL: a crash.
    func kill() {
        send(.kill)
    }

    /// Sends `signal` while the process runs (nothing once it exited).
    func send(_ signal: Signal) {
        child.send(signal)
    }

    /// Waits for the exit and returns its status (128 + the signal for a process a signal ended);
    /// kills the process when it outlives `timeout`.
    func exitStatus(timeout: Duration = .seconds(30)) async -> Int32 {
        await child.exitStatus(timeout: timeout)
    }
}

/// Standard error split into lines, each parsed as JSON (or kept as text).
private final class LogLines: Sendable {
    private let state = Mutex<(partial: [UInt8], lines: [JSONValue])>(([], []))

    var lines: [JSONValue] { state.withLock { $0.lines } }

    func feed(_ bytes: [UInt8]) {
        state.withLock { state in
            state.partial.append(contentsOf: bytes)
            guard let last = state.partial.lastIndex(of: UInt8(ascii: "\n")) else { return }
            for line in state.partial[...last].split(separator: UInt8(ascii: "\n")) {
                state.lines.append((try? JSONParser.parse(Array(line))) ?? .string(String(decoding: line, as: UTF8.self)))
            }
            state.partial.removeFirst(last + 1)
        }
    }
}
