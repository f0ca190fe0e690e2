import AMQP
import EventhosCore
import EventhosStore
import Foundation
import Logging
import NIOCore
import Testing

@testable import EventhosAdmin
@testable import EventhosEngine

/// The dead-queue depth gauges with more contracts than one tick reads: the queues a redrive or a
/// purge changed are read on the next tick, the others in turn.
@Suite("Dead-queue poller", .serialized)
struct DeadQueuePollerTests {
    @Test("a purge shows on the next tick, long before its turn; a change from elsewhere shows in turn")
    func changedQueuesFirst() async throws {
        let others = (1...20).map { "  - { identifier: {tag}-other-\($0), name: Other \($0), event: {tag}-quiet, action: {tag}-create-account }" }
        let bridge = try TestBridge(subscriberURL: "http://127.0.0.1:9", contracts: others.joined(separator: "\n"))
        try await bridge.run { _ in
            let registry = RegistryReference(RegistrySnapshot(registry: bridge.configuration.registry, defaultRetry: .standard))
            let contracts = registry.current.contracts.map(\.contract.identifier)
            let last = try #require(contracts.last), middle = contracts[10]
            let connection = AMQPConnection(
                configuration: try AMQPConfiguration(urls: [TestBridge.brokerURL]), logger: Logger(label: "test"))
            let store = try EventhosStore(
                path: bridge.directory.appendingPathComponent("poller.sqlite").path, cipher: nil, logger: Logger(label: "test"))
            let export = PrometheusExport()
            let metrics = BridgeMetrics(factory: export.factory)
            // 21 contracts, 1 unchanged queue a tick, every 300 ms: a queue's turn comes every 6.3 s.
            let poller = DeadQueuePoller(
                registry: registry, connection: connection, audit: AuditWriter(store: store, logger: Logger(label: "test")),
                metrics: metrics, interval: .milliseconds(300), budget: 1, logger: Logger(label: "test"))
            let depth = { (contract: String) in
                MetricsText(String(decoding: export.render(), as: UTF8.self)).value(
                    BridgeMetrics.Name.deadQueueMessages, ["contract": contract])
            }
            try await withRunningServices([connection]) {
                _ = try await eventually { connection.isConnected ? true : nil }
                let publisher = connection.makePublisher()
                for _ in 0..<2 {
                    try await publisher.publish(
                        exchange: "", routingKey: BrokerNames.deadQueue(last), body: ByteBuffer(string: "{}"),
                        properties: AMQPProperties(persistent: true), mandatory: true)
                }
                try await withRunningServices([poller]) {
                    #expect(try await eventually { depth(last) == 2 ? true : nil } == true, "the first tick reads every queue")

                    let operations = OperationsController(
                        connection: connection, registry: registry, store: store, metrics: metrics)
                    #expect(try await operations.deadLetters.purge(contract: last) == 2)
                    #expect(
                        try await eventually(timeout: .seconds(3)) { depth(last) == 0 ? true : nil } == true,
                        "read on the next tick, not in its turn")

                    try await publisher.publish(
                        exchange: "", routingKey: BrokerNames.deadQueue(middle), body: ByteBuffer(string: "{}"),
                        properties: AMQPProperties(persistent: true), mandatory: true)
                    #expect(try await eventually(timeout: .seconds(15)) { depth(middle) == 1 ? true : nil } == true, "read in its turn")
                }
            }
        }
    }
}
