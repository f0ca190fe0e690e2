import Foundation
import Testing

/// The `eventhos` executable that `swift build` put next to the tests, if any.
private let builtExecutable: URL? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let url = root.appendingPathComponent(".build/debug/eventhos")
    return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
}()

/// The operator commands as a shell runs them: the built `eventhos` executable.
@Suite("Operator commands", .enabled(if: builtExecutable != nil, "eventhos is not built"))
struct OperatorCommandTests {

    @Test("purge refuses to run without --yes")
    func purgeAsksForYes() async throws {
        let (status, output) = try await run(["dlq", "purge", "some-contract", "--config", "/nonexistent.yaml"])
        #expect(status != 0)
        #expect(output.contains("--yes"), "\(output)")
    }

    @Test("an unknown contract or event ends with a message and a failure exit")
    func unknownNames() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventhos-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("eventhos.yaml")
        try """
            broker: { url: "\(TestBridge.brokerURL)" }
            store: { path: "\(directory.appendingPathComponent("eventhos.sqlite").path)" }
            log: { level: error }
            """.write(to: config, atomically: true, encoding: .utf8)
        for arguments in [["dlq", "show", "nope"], ["dlq", "redrive", "nope"], ["dlq", "purge", "nope", "--yes"]] {
            let (status, output) = try await run(arguments + ["--config", config.path])
            #expect(status == 1, "\(arguments): \(output)")
            #expect(output.contains("no contract has the identifier 'nope'"), "\(arguments): \(output)")
        }
        let (status, output) = try await run(["replay", "missing-id", "--config", config.path])
        #expect(status == 1 && output.contains("no received event 'missing-id'"), "\(output)")
        let list = try await run(["dlq", "list", "--config", config.path])
        #expect(list.status == 0, "\(list.output)")
    }

    /// Runs the built `eventhos` with `arguments`: its exit status and what it printed, standard
    /// output then standard error.
    private func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let outcome = await ChildProcess.run([try #require(builtExecutable).path] + arguments, timeout: .seconds(60))
        #expect(!outcome.timedOut, "eventhos \(arguments.joined(separator: " ")) did not end")
        return (outcome.status, outcome.output + outcome.errors)
    }
}
