import Foundation
import Subprocess
import Synchronization
import Testing

/// A real `eventhos listen` process (a ``RunningChild``), its standard output and standard error
/// captured as text.
final class ListenProcess: Sendable {
    private let child: RunningChild
    private let standardOutput = CapturedText()
    private let standardError = CapturedText()

    /// Starts `eventhos listen` with `arguments` (after `listen`).
    init(_ arguments: [String]) throws {
        let (output, errors) = (standardOutput, standardError)
        child = try RunningChild(
            eventhos: ["listen"] + arguments, output: { output.append($0) }, errors: { errors.append($0) })
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
        child.send(.terminate)
    }

    /// Waits for the exit and returns its status; kills the process when it outlives `timeout`.
    func exitStatus(timeout: Duration = .seconds(30)) async -> Int32 {
        await child.exitStatus(timeout: timeout)
    }
}

/// Text written to a pipe, gathered as it comes.
private final class CapturedText: Sendable {
    private let bytes = Mutex<[UInt8]>([])

    var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }

    func append(_ chunk: [UInt8]) {
        bytes.withLock { $0.append(contentsOf: chunk) }
    }
}
