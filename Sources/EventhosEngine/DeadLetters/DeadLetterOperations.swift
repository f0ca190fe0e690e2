import AMQP
import EventhosCore
import Foundation
import Synchronization

/// What operators do with the contracts' dead queues: list them, look into one, send its
/// messages back to the contract, or purge it. The CLI (`eventhos dlq`) and the admin API share it.
///
/// Every operation is safe while `eventhos serve` runs: nothing else consumes a dead queue, and
/// each one works on the messages that are in the queue when it starts, so a message that dies
/// again during a redrive waits for the next one.
public struct DeadLetterOperations: Sendable {
    let connection: AMQPConnection
    let registry: RegistrySnapshot
    /// How long an operation waits for a message the queue's depth promised.
    var idleTimeout: Duration = .seconds(3)
    /// Told, after a redrive or a purge, which contract's dead queue it changed.
    package var changed: @Sendable (String) -> Void = { _ in }

    /// - Parameters:
    ///   - connection: a running broker connection.
    ///   - registry: the registry in force, which names the contracts.
    public init(connection: AMQPConnection, registry: RegistrySnapshot) {
        self.connection = connection
        self.registry = registry
    }

    /// The dead queue of every active contract: its depth and, when `peekingOldest`, when the
    /// oldest message was last tried (read from the head message, left in place).
    public func list(peekingOldest: Bool = true) async throws -> [DeadQueueSummary] {
        var summaries: [DeadQueueSummary] = []
        for route in registry.contracts {
            let identifier = route.contract.identifier
            let depth = try await connection.queueInfo(BrokerNames.deadQueue(identifier)).map { Int($0.messages) }
            let oldest = peekingOldest && (depth ?? 0) > 0 ? try await peek(identifier, limit: 1).first?.lastTryAt : nil
            summaries.append(
                DeadQueueSummary(
                    contract: identifier, queue: BrokerNames.deadQueue(identifier), depth: depth, oldestLastTryAt: oldest))
        }
        return summaries
    }

    /// The first `limit` messages of a contract's dead queue, oldest first, left in the queue.
    ///
    /// They are fetched unacknowledged and given back when the consumer closes, which returns
    /// them to their places; the broker marks them redelivered.
    public func show(contract: String, limit: Int = 20) async throws -> [DeadLetter] {
        try requireContract(contract)
        return try await peek(contract, limit: limit)
    }

    /// Sends up to `limit` messages of a contract's dead queue (all of them when `nil`) back to
    /// the contract's queue, each with a fresh attempt budget; returns how many went back.
    ///
    /// At least once: each message is published (confirmed by the broker) before it is removed
    /// from the dead queue, so an interruption leaves at worst a message in both queues, never in none.
    /// The attempt numbers keep counting after the dead message's attempts, so every try keeps
    /// its own audit row; `eventhos-budget-start` tells the worker where the fresh budget begins.
    public func redrive(contract: String, limit: Int? = nil) async throws -> Int {
        try requireContract(contract)
        defer { changed(contract) }
        let publisher = connection.makePublisher(maxOutstandingConfirms: 256)
        let target = try entryQueue(of: contract)
        return try await drain(contract, limit: limit) { _, delivery in
            try await publisher.publish(
                exchange: "", routingKey: target, body: delivery.body,
                properties: Self.redriven(delivery.properties, contract: contract), mandatory: true)
            delivery.ack()
        }
    }

    /// Deletes the messages of a contract's dead queue that are there when it starts; returns how many.
    public func purge(contract: String) async throws -> Int {
        try requireContract(contract)
        defer { changed(contract) }
        return try await drain(contract, limit: nil) { _, delivery in delivery.ack() }
    }

    /// The properties of a dead message sent back to its contract: a fresh budget starting at the
    /// attempt after its last one, the dead-letter annotations removed.
    static func redriven(_ properties: AMQPProperties, contract: String) -> AMQPProperties {
        var properties = properties
        let spent = properties.headers[DeadLetterHeader.attempts]?.integer
            ?? properties.headers[EventMessage.Header.attempt]?.integer ?? 0
        properties.headers[DeadLetterHeader.attempts] = nil
        properties.headers[DeadLetterHeader.reason] = nil
        return AttemptBudget(next: Int(max(spent, 0)) + 1).applied(to: properties, contract: contract)
    }

    private func peek(_ contract: String, limit: Int) async throws -> [DeadLetter] {
        let seen = Mutex<[(Int, DeadLetter)]>([])
        _ = try await drain(contract, limit: limit) { position, delivery in
            seen.withLock { $0.append((position, DeadLetter(delivery))) }
        }
        return seen.withLock { $0 }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Runs `handler` on the messages of the dead queue present now, at most `limit` of them.
    func drain(
        _ contract: String, limit: Int?, _ handler: @escaping @Sendable (Int, AMQPDelivery) async throws -> Void
    ) async throws -> Int {
        let queue = BrokerNames.deadQueue(contract)
        guard let depth = try await connection.queueInfo(queue).map({ Int($0.messages) }) else { return 0 }
        let count = min(depth, limit ?? depth)
        let drain = QueueDrain(
            connection: connection, queue: queue, prefetch: UInt16(clamping: min(count, 512)), idleTimeout: idleTimeout)
        return try await drain.run(count: count, handler)
    }

    func requireContract(_ identifier: String) throws(OperationError) {
        guard registry.contract(identifier) != nil else { throw .unknownContract(identifier) }
    }

    /// Where the contract's redriven messages go: its entry queue (through the partitions of an ordered contract).
    func entryQueue(of identifier: String) throws(OperationError) -> String {
        guard let route = registry.contract(identifier) else { throw .unknownContract(identifier) }
        return BrokerNames.entryQueue(route)
    }
}
