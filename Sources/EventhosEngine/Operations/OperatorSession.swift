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
    /// Pausing and resuming contracts.
    public let pauses: ContractPauses

    /// Opens the store and the broker connection of `configuration`, runs `body`, then closes the
    /// connection.
    /// - Throws: ``BrokerUnreachable`` when the broker does not answer within ``BrokerSession/wait``; the store's
    ///   and `body`'s errors.
    public static func run<Result: Sendable>(
        configuration: EventhosConfiguration, logger: Logger, _ body: (OperatorSession) async throws -> Result
    ) async throws -> Result {
        let store = try await EventhosStore.open(configuration: configuration, logger: logger)
        let registry = RegistrySnapshot(registry: try await store.loadRegistry(), defaultRetry: configuration.retry)
        return try await BrokerSession.run(broker: configuration.broker, name: "eventhos operator", logger: logger) {
            connection in
            try await body(
                OperatorSession(
                    deadLetters: DeadLetterOperations(connection: connection, registry: registry),
                    replay: EventReplay(connection: connection, store: store, registry: registry),
                    pauses: ContractPauses(store: store, connection: connection, registry: registry, logger: logger)))
        }
    }
}
