import AMQP
import EventhosCore
import Logging
import Synchronization

/// A broker connection for the length of one command (`apply`, `dlq`, `replay`): it runs, is waited
/// for (at most ``wait``), serves `body`, and closes.
enum BrokerSession {
    /// How long a command waits for the broker before giving up.
    static let wait: Duration = .seconds(15)

    static func run<Result: Sendable>(
        broker: BrokerSettings, name: String, logger: Logger, _ body: (AMQPConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try AMQPConnection(broker: broker, name: name, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await connection.run() }
            defer { group.cancelAll() }
            try await waitUntilConnected(connection, broker: broker)
            return try await body(connection)
        }
    }

    private static func waitUntilConnected(_ connection: AMQPConnection, broker: BrokerSettings) async throws {
        let seen = LastDisconnect()
        let lastFailure = try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                for await state in connection.connectionStates() {
                    switch state {
                    case .connected: return nil
                    case .disconnected(let why): seen.reason.withLock { $0 = why }
                    default: break
                    }
                }
                return seen.reason.withLock { $0 } ?? "the connection closed"
            }
            group.addTask {
                try await Task.sleep(for: wait)
                return seen.reason.withLock { $0 } ?? "no answer"
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let lastFailure else { return }
        let described = (try? broker.amqpConfiguration(connectionName: "")).map(String.init(describing:)) ?? "the configured URL"
        throw BrokerUnreachable(broker: described, waited: wait, reason: lastFailure)
    }
}

/// Why the connection last failed while ``BrokerSession`` waited for it, kept for the timeout's message.
private final class LastDisconnect: Sendable {
    let reason = Mutex<String?>(nil)
}
