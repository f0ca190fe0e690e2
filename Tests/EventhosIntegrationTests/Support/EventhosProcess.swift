import EventhosJSON
import EventhosTemplates
import Foundation
import Synchronization
import Testing

/// A real `eventhos serve` process on a test bridge's configuration, its JSON log lines captured.
/// The executable is the one `swift build` put beside the test bundle.
final class EventhosProcess: Sendable {
    private let process: Process
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

        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--config", config.path]
        var environment = ProcessInfo.processInfo.environment
        environment["EVENTHOS_LOG_LEVEL"] = "info"
        environment["EVENTHOS_LOG_FORMAT"] = "json"
        environment["EVENTHOS_TEST_SECRET_KEY"] = "secret-key-material-\(bridge.tag)"
        environment["EVENTHOS_TEST_POSTGRES_PASSWORD"] = TestPostgres.password
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let (exitStream, exit) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { process in
            exit.yield(process.terminationStatus)
            exit.finish()
        }
        self.process = process
        exited = Task { await exitStream.first { _ in true } ?? -1 }
        let log = log
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                log.feed(data)
            }
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

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

    /// Sends SIGTERM.
    func terminate() {
        process.terminate()
    }

    /// Waits for the exit and returns its status; kills the process when it outlives `timeout`.
    func exitStatus(timeout: Duration = .seconds(30)) async -> Int32 {
        let watchdog = Task { [process] in
            try await Task.sleep(for: timeout)
            kill(process.processIdentifier, SIGKILL)
        }
        defer { watchdog.cancel() }
        return await exited.value
    }
}

/// Standard error split into lines, each parsed as JSON (or kept as text).
private final class LogLines: Sendable {
    private let state = Mutex<(partial: [UInt8], lines: [JSONValue])>(([], []))

    var lines: [JSONValue] { state.withLock { $0.lines } }

    func feed(_ data: Data) {
        state.withLock { state in
            state.partial.append(contentsOf: data)
            guard let last = state.partial.lastIndex(of: UInt8(ascii: "\n")) else { return }
            for line in state.partial[...last].split(separator: UInt8(ascii: "\n")) {
                state.lines.append((try? JSONParser.parse(Array(line))) ?? .string(String(decoding: line, as: UTF8.self)))
            }
            state.partial.removeFirst(last + 1)
        }
    }
}
