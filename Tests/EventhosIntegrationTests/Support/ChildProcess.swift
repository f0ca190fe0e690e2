import Subprocess

/// Runs a command to completion with swift-subprocess, its standard output and standard error
/// collected, and kills it when it outlives its timeout.
///
/// Nothing here blocks a thread of the concurrency pool: Subprocess waits for the child on a
/// monitor thread of its own (a pidfd in epoll on Linux) and reads its pipes with asynchronous
/// I/O. It returns once the child exited, even when a daemon the child started (a broker node
/// with `-detached`, `pg_ctl start`) keeps the output pipes open: the exit ends the reading.
enum ChildProcess {
    struct Outcome: Sendable {
        var status: Int32
        /// Standard output.
        var output: String
        /// Standard error, for the message of a failure.
        var errors: String = ""
        var timedOut: Bool
    }

    /// The most output collected from one stream of one command (Subprocess fails a run past it).
    private static let outputLimit = 16 << 20

    /// Runs `command` through `env`: `env` finds its first word on the PATH, and words before it
    /// of the form `NAME=value` go to its environment.
    static func run(_ command: [String], timeout: Duration = .seconds(180)) async -> Outcome {
        await withTaskGroup(of: Outcome?.self) { group in
            group.addTask { await collect(command) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if let first { return first }
            // Timed out: cancelling the run made Subprocess kill the child (SIGKILL) and reap it.
            let cancelled: Outcome?? = await group.next()
            var killed = (cancelled ?? nil) ?? Outcome(status: -1, output: "", timedOut: true)
            killed.timedOut = true
            return killed
        }
    }

    private static func collect(_ command: [String]) async -> Outcome {
        do {
            let result = try await Subprocess.run(
                .name("env"), arguments: Arguments(command),
                output: .string(limit: outputLimit), error: .string(limit: outputLimit))
            return Outcome(
                status: exitStatus(result.terminationStatus), output: result.standardOutput,
                errors: result.standardError, timedOut: false)
        } catch {
            return Outcome(status: -1, output: "", errors: "\(command.first ?? ""): \(error)", timedOut: false)
        }
    }

    /// The exit code, or 128 + the signal that ended the process (as a shell reports it).
    static func exitStatus(_ status: TerminationStatus) -> Int32 {
        switch status {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}
