import Foundation
import Glibc

/// Runs a command to completion on a thread of its own (spawn, read its output, `waitpid`), never
/// on the concurrency pool, and kills it when it outlives its timeout.
///
/// Foundation's `Process` was seen to leave a finished child unreaped, its termination handler
/// never called, so a test waited forever; this path has no such hand-off.
enum ChildProcess {
    struct Outcome: Sendable {
        var status: Int32
        /// Standard output.
        var output: String
        /// Standard error, for the message of a failure.
        var errors: String = ""
        var timedOut: Bool
    }

    static func run(_ command: [String], timeout: Duration = .seconds(180)) async -> Outcome {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: runBlocking(command, timeout: timeout))
            }
        }
    }

    private static func runBlocking(_ command: [String], timeout: Duration) -> Outcome {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { return Outcome(status: -1, output: "pipe: errno \(errno)", timedOut: false) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("eventhos-child-\(UUID().uuidString)").path
        defer { unlink(errorFile) }
        posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        defer { posix_spawn_file_actions_destroy(&actions) }
        var arguments = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, command[0], &actions, nil, &arguments, environ)
        close(pipe[1])
        guard spawned == 0 else {
            close(pipe[0])
            return Outcome(status: -1, output: "cannot run \(command[0]): errno \(spawned)", timedOut: false)
        }
        let deadline = ContinuousClock.now + timeout
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var descriptor = pollfd(fd: pipe[0], events: Int16(POLLIN), revents: 0)
        var status: Int32 = 0
        var exited = false
        var timedOut = false
        // Until the child exits (not until its output ends: a daemon it started, a broker node
        // with `-detached`, may hold the pipe open for good), then what is left in the pipe.
        while true {
            descriptor.revents = 0
            let ready = poll(&descriptor, 1, exited ? 0 : 100)
            if ready > 0, descriptor.revents != 0 {
                let count = read(pipe[0], &buffer, buffer.count)
                if count > 0 {
                    output += buffer[..<count]
                    continue
                }
                if !exited { exited = waitpid(pid, &status, 0) == pid }
                break
            }
            if exited { break }
            exited = waitpid(pid, &status, WNOHANG) == pid
            if !exited, ContinuousClock.now >= deadline {
                timedOut = true
                kill(pid, SIGKILL)
                exited = waitpid(pid, &status, 0) == pid
            }
        }
        close(pipe[0])
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let errors = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
        return Outcome(status: exitStatus, output: String(decoding: output, as: UTF8.self), errors: errors, timedOut: timedOut)
    }
}
