import AMQP
import EventhosCore
import EventhosEngine
import Logging
import Testing

/// `eventhos migrate-queues` moves a vhost declared with classic queues to quorum queues while
/// AMQP producers' events wait in it, and the bridge then delivers every one of them.
@Suite("Queue migration")
struct QueueMigrationTests {
    @Test("classic queues with waiting events become quorum queues; serve then delivers every event")
    func classicToQuorum() async throws {
        try await RabbitMQCtl.withVirtualHost { url in
            try await withSubscriber { subscriber in
                var bridge = try TestBridge(subscriberURL: subscriber.url, brokerURL: url, queueType: "classic")
                let logger = Logger(label: "migration-test")
                _ = try await RegistrySync.apply(configuration: bridge.configuration, prune: false, logger: logger)
                // No Eventhos runs: what AMQP producers publish waits in the classic intake queue.
                let ids = (0..<200).map { "m\($0)" }
                try await Producer.publish(
                    ids.map { Producer.Message(routingKey: bridge.event, body: #"{"id": "\#($0)"}"#, headers: ["eventhos-access-key": .string(bridge.key)]) },
                    url: url)

                var quorum = bridge.configuration
                quorum.broker.queueType = .quorum
                quorum.broker.quorumInitialGroupSize = 1
                await #expect(throws: (any Error).self, "serve refuses a vhost declared otherwise") {
                    try await RegistrySync.apply(configuration: quorum, prune: false, logger: logger)
                }
                let moves = try await QueueMigration.run(configuration: quorum, logger: logger)
                #expect(moves.first { $0.queue == BrokerNames.intakeQueue }?.messages == 200, "\(moves)")
                #expect(moves.contains { $0.queue == BrokerNames.contractQueue(bridge.contract) })

                let vhost = String(url[url.index(after: url.lastIndex(of: "/")!)...])
                let queues = try await RabbitMQCtl.run("list_queues", "-p", vhost, "name", "type", "messages", "--no-table-headers", "--quiet")
                let rows = queues.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
                #expect(!rows.isEmpty && rows.allSatisfy { $0.count == 3 && $0[1] == "quorum" }, "\(queues)")
                #expect(!queues.contains("eventhos.migration."), "no holding queue is left: \(queues)")
                #expect(try await QueueMigration.run(configuration: quorum, logger: logger).isEmpty, "a second run moves nothing")

                bridge.configuration = quorum
                try await bridge.run { _ in
                    let delivered = try await eventually(timeout: .seconds(30)) { () -> Set<String>? in
                        let paths = Set(subscriber.all.map(\.path))
                        return paths.count >= ids.count ? paths : nil
                    }
                    #expect(delivered == Set(ids.map { "/accounts/\($0)" }), "\(subscriber.all.count) delivered: \(subscriber.all.prefix(3).map(\.path))")
                }
            }
        }
    }
}
