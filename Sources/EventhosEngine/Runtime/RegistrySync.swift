import AMQP
import EventhosCore
import EventhosStore
import Logging

/// `eventhos apply`: brings the store and the broker topology in line with a configuration
/// without serving.
public enum RegistrySync {
    /// Applies the registry to the store, then declares its topology and, when the store changed,
    /// announces it to the running instances; returns what changed in the store.
    public static func apply(
        configuration: EventhosConfiguration, prune: Bool, logger: Logger
    ) async throws -> RegistryChanges {
        let store = try await EventhosStore.open(configuration: configuration, logger: logger)
        let changes = try await store.apply(configuration.registry.withBuiltIn, prune: prune)
        let snapshot = RegistrySnapshot(registry: try await store.loadRegistry(), defaultRetry: configuration.retry)
        let declaration = BrokerTopology(configuration.broker).declaration(for: snapshot)
        try await BrokerSession.run(broker: configuration.broker, name: "eventhos apply", logger: logger) { connection in
            try await connection.declare(declaration)
            guard changes.hasChanges else { return }
            try await connection.declare(
                AMQPTopology(exchanges: [.init(name: BrokerNames.registryExchange, type: "fanout")]))
            await RegistryAnnouncer(publisher: connection.makePublisher(), instance: "eventhos apply", logger: logger).announce()
        }
        await store.close()
        return changes
    }
}
