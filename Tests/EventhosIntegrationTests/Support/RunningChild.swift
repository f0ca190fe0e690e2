import Foundation
import Subprocess
import Testing

/// A child process that runs while a test goes on (`eventhos serve`, `eventhos listen`): the
/// `eventhos` executable that `swift build` put beside the test bundle.
///
/// It runs under swift-subprocess in a task of its own: its standard output and standard error
/// are handed over as they come (asynchronous I/O), its exit is awaited on Subprocess's monitor
/// thread, and signals reach it through that run while it is alive and not yet reaped, so a signal
/// never goes to a reused process id.
final class RunningChild: Sendable {
    /// Where the bytes of a stream go, as they come.
    typealias Sink = @Sendable ([UInt8]) -> Void

    private let signals: AsyncStream<Signal>.Continuation
    private let exited: Task<Int32, Never>

    /// Starts `eventhos` with `arguments` and the test's environment updated with `environment`.
    /// - Parameters:
    ///   - output: Gets standard output.
    ///   - errors: Gets standard error, and the reason when the process could not run or a stream
    ///     could not be read.
    init(eventhos arguments: [String], environment: [Environment.Key: String?] = [:], output: @escaping Sink, errors: @escaping Sink)
        throws
    {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("eventhos")
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "build eventhos first: \(executable.path)")
        // `env` executes eventhos in its own place: the process id is eventhos's.
        let configuration = Configuration(
            executable: .name("env"), arguments: Arguments([executable.path] + arguments),
            environment: .inherit.updating(environment))
        let (requested, signals) = AsyncStream.makeStream(of: Signal.self)
        self.signals = signals
        exited = Task {
            do {
                let result = try await Subprocess.run(configuration, input: .none, output: .sequence, error: .sequence) {
                    execution in
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await signal in requested {
                                try? execution.send(signal: signal)
                            }
                        }
                        await withTaskGroup(of: Void.self) { streams in
                            streams.addTask { await Self.forward(execution.standardOutput, to: output, reportingTo: errors) }
                            streams.addTask { await Self.forward(execution.standardError, to: errors, reportingTo: errors) }
                        }
                        // Both streams end when the process exits: no signal can reach it any more.
                        group.cancelAll()
                    }
                }
                return ChildProcess.exitStatus(result.terminationStatus)
            } catch {
                errors(Array("eventhos did not run: \(error)\n".utf8))
                return -1
            }
        }
    }

    private static func forward(_ stream: SubprocessOutputSequence, to sink: Sink, reportingTo errors: Sink) async {
        do {
            for try await buffer in stream {
                sink(buffer.withUnsafeBytes { Array($0) })
            }
        } catch {
            errors(Array("a stream of eventhos was unreadable: \(error)\n".utf8))
        }
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
