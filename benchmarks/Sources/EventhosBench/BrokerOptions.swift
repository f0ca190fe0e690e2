import AMQP
import ArgumentParser
import Logging

/// The broker a benchmark talks to.
struct BrokerOptions: ParsableArguments {
    @Option(help: "The broker URL.")
    var amqpURL = "amqp://guest:guest@127.0.0.1:5672/%2f"

    /// Runs `body` with a connected ``AMQPConnection``, then closes it.
    func withConnection<Result: Sendable>(
        name: String, _ body: @Sendable (AMQPConnection) async throws -> Result
    ) async throws -> Result {
        var logger = Logger(label: "eventhos-bench")
        logger.logLevel = .warning
        let connection = AMQPConnection(
            configuration: try AMQPConfiguration(urls: [amqpURL], connectionName: name), logger: logger)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await connection.run()
                return nil
            }
            defer { group.cancelAll() }
            for await state in connection.connectionStates() where state == .connected { break }
            let result = try await body(connection)
            group.cancelAll()
            return result
        }
    }
}
