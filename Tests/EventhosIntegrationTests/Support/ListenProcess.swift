import Foundation
import Synchronization
import Testing

/// A real `eventhos listen` process, its standard output and standard error captured as text.
/// The executable is the one `swift build` put beside the test bundle.
final class ListenProcess: Sendable {
    private let process: Process
    private let exited: Task<Int32, Never>
    private let standardOutput = CapturedText()
    private let standardError = CapturedText()

    /// Starts `eventhos listen` with `arguments` (after `listen`).
    init(_ arguments: [String]) throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("eventhos")
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "build eventhos first: \(executable.path)")
        let process = Process()
        process.executableURL = executable
        process.arguments = ["listen"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let (exitStream, exit) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { process in
            exit.yield(process.terminationStatus)
            exit.finish()
        }
        self.process = process
        exited = Task { await exitStream.first { _ in true } ?? -1 }
        for (pipe, text) in [(output, standardOutput), (errors, standardError)] {
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty {
                    handle.readabilityHandler = nil
                } else {
                    text.append(data)
                }
            }
        }
        try process.run()
    }

    /// Standard output so far.
    var output: String { standardOutput.text }

    /// Standard error so far.
    var errors: String { standardError.text }

    /// The base URL once it listens (from its "listening on http://HOST:PORT" line).
    func baseURL(timeout: Duration = .seconds(30)) async throws -> String {
        let url = try await eventually(timeout: timeout) { () -> String? in
            guard let range = output.range(of: #"listening on http://[0-9.]+:\d+"#, options: .regularExpression) else { return nil }
            return String(output[range].dropFirst("listening on ".count))
        }
        return try #require(url, "eventhos listen did not start: \(output) \(errors)")
    }

    /// Waits until standard output contains `text`; returns standard output then.
    func output(containing text: String, timeout: Duration = .seconds(10)) async throws -> String {
        let found = try await eventually(timeout: timeout) { output.contains(text) ? output : nil }
        return try #require(found, "eventhos listen did not print \(text): \(output)")
    }

    /// Waits until standard error contains `text` (it may come after the exit); returns standard error then.
    func errors(containing text: String, timeout: Duration = .seconds(10)) async throws -> String {
        let found = try await eventually(timeout: timeout) { errors.contains(text) ? errors : nil }
        return try #require(found, "eventhos listen did not print \(text) on standard error: \(errors)")
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

/// Text written to a pipe, gathered as it comes.
private final class CapturedText: Sendable {
    private let bytes = Mutex<[UInt8]>([])

    var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }

    func append(_ data: Data) {
        bytes.withLock { $0.append(contentsOf: data) }
    }
}
