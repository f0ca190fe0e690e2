import Foundation

/// The 3-node RabbitMQ cluster of `broker/cluster`, which scripts/test starts: its script
/// (`EVENTHOS_TEST_CLUSTER`), plain ports (`EVENTHOS_TEST_CLUSTER_PORTS`) and mutual-TLS ports
/// (`EVENTHOS_TEST_CLUSTER_TLS_PORTS`), and the test PKI (`EVENTHOS_TEST_TLS_DIR`).
enum TestCluster {
    private static let environment = ProcessInfo.processInfo.environment
    static let script = environment["EVENTHOS_TEST_CLUSTER"]
    static let ports = environment["EVENTHOS_TEST_CLUSTER_PORTS"]?.split(separator: ",").compactMap { Int($0) } ?? []
    static let tlsPorts = environment["EVENTHOS_TEST_CLUSTER_TLS_PORTS"]?.split(separator: ",").compactMap { Int($0) } ?? []
    static let tlsDirectory = environment["EVENTHOS_TEST_TLS_DIR"]
    static let available = script != nil && ports.count == 3 && tlsPorts.count == 3 && tlsDirectory != nil

    /// `broker/cluster arguments…`: `kill 1`, `start-node 1`, `stop-app 2`, `ctl 3 list_queues`.
    @discardableResult
    static func run(_ arguments: String...) async throws -> String {
        try await RabbitMQCtl.runCommand(["bash", script ?? "broker/cluster"] + arguments)
    }

    /// Runs `body` with a virtual host of its own on the cluster (deleted afterwards).
    static func withVirtualHost<Result: Sendable>(_ body: (String) async throws -> Result) async throws -> Result {
        let vhost = "eventhos-cluster-" + UUID().uuidString.prefix(8).lowercased()
        try await run("ctl", "1", "add_vhost", vhost)
        try await run("ctl", "1", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        do {
            let result = try await body(vhost)
            try await run("ctl", "1", "delete_vhost", vhost)
            return result
        } catch {
            _ = try? await run("ctl", "1", "delete_vhost", vhost)
            throw error
        }
    }

    /// The nodes (1, 2 or 3) that hold the connections whose name contains `nameFragment`, read
    /// from their process ids (`<eventhos-c2@localhost.…>`) on a running node.
    static func nodes(ofConnectionsNamed nameFragment: String, askingNode node: Int) async throws -> Set<Int> {
        let listing = try await run(
            "ctl", "\(node)", "list_connections", "pid", "client_properties", "--no-table-headers", "--quiet")
        return Set(listing.split(separator: "\n").filter { $0.contains(nameFragment) }.compactMap { line in
            guard let range = line.range(of: "eventhos-c") else { return nil }
            return line[range.upperBound...].first?.wholeNumberValue
        })
    }

    /// A file of the test PKI.
    static func tlsFile(_ name: String) -> String { "\(tlsDirectory ?? ".eventhos/tls")/\(name)" }
}
