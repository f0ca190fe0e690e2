import AMQP
import EventhosCore
import EventhosStore
import Foundation
import Logging

/// `eventhos contracts pause|resume`: the operator's switch of a contract, from the command line.
///
/// The pause is written to the store, then announced on `eventhos.registry`, so that every
/// running instance stops (or starts) the contract's worker at once, as a change made through
/// the admin API would.
public struct ContractPauses: Sendable {
    let store: EventhosStore
    let connection: AMQPConnection
    let registry: RegistrySnapshot
    let logger: Logger

    /// Pauses (`paused`) or resumes the contracts named.
    /// - Returns: Those whose state changed; one already in the state asked is left out.
    /// - Throws: ``OperationError`` for an unknown contract, before anything changed.
    public func set(paused: Bool, contracts: [String]) async throws -> [String] {
        for identifier in contracts where registry.contract(identifier) == nil {
            throw OperationError.unknownContract(identifier)
        }
        let pause = paused ? ContractPause(reason: .operator, since: Date()) : nil
        let changed = try await store.setPause(pause, contracts: contracts)
        guard !changed.isEmpty else { return [] }
        try await connection.declare(
            AMQPTopology(
                exchanges: [
                    .init(name: BrokerNames.registryExchange, type: "fanout"), .init(name: BrokerNames.operationsExchange, type: "topic"),
                ]))
        let publisher = connection.makePublisher()
        await RegistryAnnouncer(publisher: publisher, instance: "eventhos contracts", logger: logger).announce()
        let reloaded = RegistrySnapshot(registry: try await store.loadRegistry(), defaultRetry: .standard)
        await OperatorEvents(publisher: publisher, registry: RegistryReference(reloaded), instance: "eventhos contracts", logger: logger)
            .pauseChanged(pause, contracts: changed, in: reloaded)
        return changed
    }
}
