import AMQP
import EventhosCore
import Logging

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
            try await waitUntilConnected(connection, url: broker.url)
            return try await body(connection)
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
                try await Task.sleep(for: wait)
                return false
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        guard connected else { throw BrokerUnreachable(url: url, waited: wait) }
    }
}
