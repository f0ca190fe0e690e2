import Foundation
import Testing

/// Operator actions on the test broker through `rabbitmqctl` (`$EVENTHOS_RABBITMQCTL`, else `broker/ctl`).
///
/// Stopping the broker or raising an alarm affects everyone using it at that moment: tests that do
/// it are `.serialized`, keep the fault to a few seconds, and always undo it.
enum RabbitMQCtl {
    static let ctl = ProcessInfo.processInfo.environment["EVENTHOS_RABBITMQCTL"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("broker/ctl").path

    /// Runs `rabbitmqctl arguments…` and returns its standard output; a failure is a test issue.
    @discardableResult
    static func run(_ arguments: String...) async throws -> String {
        try await run(arguments)
    }

    static func run(_ arguments: [String]) async throws -> String {
        try await runCommand([ctl] + arguments)
    }

    /// Runs a command (`env` finds it on the PATH) and returns its output; a failure or a command
    /// still running after three minutes is a test issue.
    static func runCommand(_ command: [String]) async throws -> String {
        let outcome = await ChildProcess.run(command)
        #expect(!outcome.timedOut, "\(command.joined(separator: " ")) did not end within its timeout: \(outcome.output)")
        #expect(outcome.status == 0, "\(command.joined(separator: " ")) failed: \(outcome.output)\(outcome.errors)")
        return outcome.output
    }

    /// Closes every connection whose client-provided name contains `nameFragment` (e.g. `eventhos <instance> `);
    /// returns how many it closed.
    static func closeConnections(named nameFragment: String) async throws -> Int {
        let listing = try await run("list_connections", "pid", "client_properties", "--no-table-headers", "--quiet")
        let pids = listing.split(separator: "\n").filter { $0.contains(nameFragment) }.compactMap {
            $0.split(separator: "\t").first.map(String.init)
        }
        for pid in pids {
            try await run("close_connection", pid, "eventhos test: connection cut")
        }
        return pids.count
    }

    /// Runs `body` with the URL of a virtual host of its own on the test broker (deleted afterwards),
    /// so that the shared queues (`eventhos.audit`…) are not shared with bridges of other tests.
    static func withVirtualHost<Result: Sendable>(_ body: (String) async throws -> Result) async throws -> Result {
        let vhost = "eventhos-test-" + UUID().uuidString.prefix(8).lowercased()
        try await run("add_vhost", vhost)
        try await run("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        let base = TestBridge.brokerURL[..<(TestBridge.brokerURL.lastIndex(of: "/") ?? TestBridge.brokerURL.endIndex)]
        do {
            let result = try await body("\(base)/\(vhost)")
            try await run("delete_vhost", vhost)
            return result
        } catch {
            _ = try? await run("delete_vhost", vhost)
            throw error
        }
    }
}
