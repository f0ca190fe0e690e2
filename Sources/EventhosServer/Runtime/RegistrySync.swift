import AMQP
import EventhosCore
import EventhosStore
import Logging

/// `eventhos apply`: brings the store and the broker topology in line with a configuration
/// without serving.
public enum RegistrySync {
    /// How long `apply` waits for the broker before giving up.
    static let brokerWait: Duration = .seconds(15)

    /// Applies the registry to the store, then declares its topology; returns what changed in the store.
    public static func apply(
        configuration: EventhosConfiguration, prune: Bool, logger: Logger
    ) async throws -> RegistryChanges {
        let store = try EventhosStore(
            path: configuration.store.path, cipher: configuration.security.secretKey.map { SecretCipher(keyMaterial: $0.value) },
            logger: logger)
        let changes = try store.apply(configuration.registry, prune: prune)
        let snapshot = RegistrySnapshot(registry: try store.loadRegistry(), defaultRetry: configuration.retry)
        let connection = AMQPConnection(
            configuration: try AMQPConfiguration(
                url: configuration.broker.url, connectionName: "eventhos apply",
                heartbeat: configuration.broker.heartbeat),
            logger: logger)
        let declaration = BrokerTopology(queueType: configuration.broker.queueType).declaration(for: snapshot)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await connection.run()
                return false
            }
            group.addTask {
                try await Task.sleep(for: brokerWait)
                throw BrokerUnreachable(url: configuration.broker.url, waited: brokerWait)
            }
            group.addTask {
                try await connection.declare(declaration)
                return true
            }
            while let declared = try await group.next(), !declared {}
            group.cancelAll()
        }
        return changes
    }
}

/// The broker did not answer in time.
public struct BrokerUnreachable: Error, CustomStringConvertible {
    var url: String
    var waited: Duration

    public var description: String {
        "the broker at \(Self.withoutPassword(url)) could not be reached within \(waited)"
    }

    /// The URL with its password replaced, fit for messages and logs.
    static func withoutPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@"),
            let colon = url[scheme.upperBound..<at].firstIndex(of: ":")
        else { return url }
        return url[..<url.index(after: colon)] + "***" + url[at...]
    }
}
