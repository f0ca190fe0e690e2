import EventhosJSON
import EventhosTemplates
import Foundation
import Subprocess
import Synchronization
import Testing

/// A real `eventhos serve` process on a test bridge's configuration, its JSON log lines captured.
/// The executable is the one `swift build` put beside the test bundle.
///
/// The process runs under swift-subprocess in a task of its own: its standard error is read as
/// it comes (asynchronous I/O), its exit is awaited on Subprocess's monitor thread, and signals
/// reach it through that run while the process is alive and not yet reaped, so a signal never
/// goes to a reused process id.
final class EventhosProcess: Sendable {
    private let signals: AsyncStream<Signal>.Continuation
    private let exited: Task<Int32, Never>
    private let log = LogLines()

    /// Starts `eventhos serve` with `bridge`'s configuration, logging JSON at info.
    init(_ bridge: TestBridge) throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("eventhos")
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "build eventhos first: \(executable.path)")
        try FileManager.default.createDirectory(at: bridge.directory, withIntermediateDirectories: true)
        let config = bridge.directory.appendingPathComponent("eventhos.yaml")
        try bridge.yaml.write(to: config, atomically: true, encoding: .utf8)

        // `env` executes eventhos in its own place: the process id is eventhos's.
        let configuration = Configuration(
            executable: .name("env"), arguments: Arguments([executable.path, "serve", "--config", config.path]),
            environment: .inherit.updating([
                "EVENTHOS_LOG_LEVEL": "info",
                "EVENTHOS_LOG_FORMAT": "json",
                "EVENTHOS_TEST_SECRET_KEY": "secret-key-material-\(bridge.tag)",
                "EVENTHOS_TEST_POSTGRES_PASSWORD": TestPostgres.password,
            ]))
        let (requested, signals) = AsyncStream.makeStream(of: Signal.self)
        self.signals = signals
        let log = log
        exited = Task {
            do {
                let result = try await Subprocess.run(configuration, input: .none, output: .discarded, error: .sequence) {
                    execution in
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await signal in requested {
                                try? execution.send(signal: signal)
                            }
                        }
                        do {
                            for try await buffer in execution.standardError {
                                log.feed(buffer.withUnsafeBytes { Array($0) })
                            }
                        } catch {
                            log.note("standard error unreadable: \(error)")
                        }
                        // Standard error ends when the process exits: no signal can reach it any more.
                        group.cancelAll()
                    }
                }
                return ChildProcess.exitStatus(result.terminationStatus)
            } catch {
                log.note("eventhos did not run: \(error)")
                return -1
            }
        }
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
        signals.yield(signal)
    }

    /// Waits for the exit and returns its status (128 + the signal for a process a signal ended);
    /// kills the process when it outlives `timeout`.
    func exitStatus(timeout: Duration = .seconds(30)) async -> Int32 {
        let watchdog = Task { [signals] in
            try await Task.sleep(for: timeout)
            signals.yield(.kill)
        }
        defer { watchdog.cancel() }
        return await exited.value
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

    /// A line of the test's own, among the process's.
    func note(_ text: String) {
        state.withLock { $0.lines.append(.string(text)) }
    }
}
