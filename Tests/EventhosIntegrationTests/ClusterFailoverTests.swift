import EventhosCore
import Foundation
import GRDB
import Testing

/// A bridge on the 3-node cluster with quorum queues replicated to every node, while the node its
/// connections use is killed (`kill -9`, over mutual TLS) or stopped (`stop_app`): ingest answers
/// only 202 or 503, every 202 is delivered and audited once, and the bridge moves to another node.
///
/// The faults hit the cluster only; each is undone (the node restarted) before the test ends.
@Suite("Cluster failover", .serialized, .enabled(if: TestCluster.available, "needs broker/cluster (scripts/test)"))
struct ClusterFailoverTests {
    @Test("kill -9 of the node the connections use, over mutual TLS: failover to another node, nothing accepted lost")
    func nodeKilled() async throws {
        let urls = TestCluster.tlsPorts.map { "amqps://guest:guest@localhost:\($0)/{vhost}" }
        let tls = """
            tls: { caFile: "\(TestCluster.tlsFile("ca.pem"))", certFile: "\(TestCluster.tlsFile("client.pem"))", keyFile: "\(TestCluster.tlsFile("client.key"))" }
            """
        try await failover(urls: urls, tls: tls, fault: "kill", undo: "start-node")
    }

    @Test("stop_app on the node the connections use: failover to another node, nothing accepted lost")
    func nodeStopped() async throws {
        let urls = TestCluster.ports.map { "amqp://guest:guest@127.0.0.1:\($0)/{vhost}" }
        try await failover(urls: urls, tls: nil, fault: "stop-app", undo: "start-app")
    }

    private func failover(urls: [String], tls: String?, fault: String, undo: String) async throws {
        try await TestCluster.run("start")  // whole again, if an earlier run left a node down
        try await TestCluster.withVirtualHost { vhost in
            try await withSubscriber { subscriber in
                let nodes = urls.map { "\"\($0.replacingOccurrences(of: "{vhost}", with: vhost))\"" }.joined(separator: ", ")
                let broker = "{ urls: [\(nodes)], queueType: quorum, quorumInitialGroupSize: 3, prefetch: 16, heartbeat: 5"
                    + (tls.map { ", \($0)" } ?? "") + " }"
                let bridge = try TestBridge(subscriberURL: subscriber.url, broker: broker)
                let connectionName = "eventhos \(bridge.configuration.instance.name) "
                try await bridge.run { base in
                    let used = try await TestCluster.nodes(ofConnectionsNamed: connectionName, askingNode: 3)
                    #expect(used.count == 1, "publish and consume connections on one node: \(used)")
                    let node = try #require(used.first)
                    let members = try await TestCluster.run(
                        "ctl", "\(node % 3 + 1)", "list_queues", "-p", vhost, "name", "members", "--no-table-headers", "--quiet")
                    let contractQueue = members.split(separator: "\n").first { $0.hasPrefix("eventhos.contract.\(bridge.contract)\t") }
                    #expect(contractQueue?.components(separatedBy: "eventhos-c").count == 4, "replicated to the 3 nodes: \(members)")
                    let traffic = Traffic(base: base, bridge: bridge)
                    do {
                        let recovery = try await traffic.recovery {
                            try await Task.sleep(for: .seconds(1))
                            try await TestCluster.run(fault, "\(node)")
                        }
                        print("cluster \(fault) of node \(node): first 202 again \(recovery.accepting) after the fault, ready after \(recovery.ready)")
                        let other = node % 3 + 1
                        let now = try await TestCluster.nodes(ofConnectionsNamed: connectionName, askingNode: other)
                        #expect(!now.contains(node) && !now.isEmpty, "the connections moved to another node: \(now)")
                        try await traffic.expectHonestAnswersAndNothingLost(subscriber: subscriber, faultShows: false)
                        try expectAuditedOnce(traffic.accepted, in: bridge)
                    } catch {
                        _ = try? await TestCluster.run(undo, "\(node)")
                        throw error
                    }
                    try await TestCluster.run(undo, "\(node)")
                }
            }
        }
    }

    /// One `received_event` row for each accepted event, and one execution, completed.
    private func expectAuditedOnce(_ accepted: [String], in bridge: TestBridge) throws {
        let audit = AuditReader(path: bridge.storePath)
        let received = try audit.rows("SELECT id, COUNT(*) AS copies FROM received_event GROUP BY id HAVING copies > 1")
        #expect(received.isEmpty, "received events audited twice: \(received)")
        let executions = try audit.rows(
            "SELECT received_event_id, COUNT(*) AS copies FROM contract_exc_detail GROUP BY received_event_id HAVING copies > 1")
        #expect(executions.isEmpty, "executions recorded twice: \(executions)")
        let stored = try audit.rows("SELECT id FROM received_event").compactMap { $0["id"] as String? }
        #expect(Set(accepted).isSubset(of: Set(stored)), "\(Set(accepted).subtracting(stored).count) accepted events not audited")
    }
}
