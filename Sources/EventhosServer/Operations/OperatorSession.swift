import AMQP
import EventhosCore
import EventhosStore
import Logging

/// What an operator command needs: the store, the registry it holds, and a broker connection;
/// open for the duration of one command.
public struct OperatorSession: Sendable {
    /// The contracts' dead queues.
    public let deadLetters: DeadLetterOperations
    /// Delivering stored events again.
    public let replay: EventReplay

    /// Opens the store and the broker connection of `configuration`, runs `body`, then closes the
    /// connection.
    /// - Throws: ``BrokerUnreachable`` when the broker does not answer within 15 s; the store's
    ///   and `body`'s errors.
    public static func run<Result: Sendable>(
        configuration: EventhosConfiguration, logger: Logger, _ body: (OperatorSession) async throws -> Result
    ) async throws -> Result {
        let store = try EventhosStore(
            path: configuration.store.path, cipher: configuration.security.secretKey.map { SecretCipher(keyMaterial: $0.value) },
            logger: logger)
        let registry = RegistrySnapshot(registry: try store.loadRegistry(), defaultRetry: configuration.retry)
        let connection = AMQPConnection(
            configuration: try AMQPConfiguration(
                url: configuration.broker.url, connectionName: "eventhos operator", heartbeat: configuration.broker.heartbeat),
            logger: logger)
        let session = OperatorSession(
            deadLetters: DeadLetterOperations(connection: connection, registry: registry),
            replay: EventReplay(connection: connection, store: store, registry: registry))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await connection.run() }
            defer { group.cancelAll() }
            try await waitUntilConnected(connection, url: configuration.broker.url)
            return try await body(session)
        }
    }

    private static func waitUntilConnected(_ connection: AMQPConnection, url: String) async throws {
        let connected = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await state in connection.connectionStates() where state == .connected {
                    return true
                }
                return false
            }
            group.addTask {
                try await Task.sleep(for: RegistrySync.brokerWait)
                return false
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        guard connected else { throw BrokerUnreachable(url: url, waited: RegistrySync.brokerWait) }
    }
}
