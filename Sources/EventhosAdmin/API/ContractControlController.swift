import AMQP
import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Foundation
import Hummingbird
import OrderedCollections

/// `/contracts/{id}/pause`, `/contracts/{id}/resume` and `/contracts/{id}/delivery` (spec §10):
/// the delivery state of a contract — paused or not, its queue's backlog, its action's circuit
/// breaker — and the operator's switch.
struct ContractControlController: Sendable {
    let live: LiveRegistry
    let connection: AMQPConnection
    let breakers: CircuitBreakers
    let board: PartitionBoard

    /// The least role that pauses and resumes: an operator's, like a redrive.
    static let role: AdminToken.Role = .operator

    var routes: [AdminRoute] {
        [
            AdminRoute(.get, "/contracts/{id}/delivery", .viewer) { _, context in
                try await answer(try AdminRequest.parameter("id", of: context), context: context)
            },
            AdminRoute(.post, "/contracts/{id}/pause", Self.role) { _, context in
                try await setPause(ContractPause(reason: .operator, since: Date()), context: context)
            },
            AdminRoute(.post, "/contracts/{id}/resume", Self.role) { _, context in
                try await setPause(nil, context: context)
            },
            AdminRoute(.post, "/contracts/{id}/partitions/{partition}/skip", Self.role) { _, context in
                try await skip(context: context)
            },
        ]
    }

    /// Pauses or resumes; doing it twice is harmless and answers the same state.
    func setPause(_ pause: ContractPause?, context: AdminRequestContext) async throws -> Response {
        let identifier = try AdminRequest.parameter("id", of: context)
        guard live.snapshot.contract(identifier) != nil else {
            throw AdminError.notFound("contract \"\(identifier)\"", context: context)
        }
        _ = try await live.setPause(pause, contracts: [identifier])
        return try await answer(identifier, context: context)
    }

    /// Asks the instance that holds a blocked partition (`onDead: block`) to dead-letter the
    /// delivery that blocks it, so that its keys go on; 202, as that instance takes the request
    /// within a second. A partition that is not blocked keeps the request until it is.
    func skip(context: AdminRequestContext) async throws -> Response {
        let identifier = try AdminRequest.parameter("id", of: context)
        guard let route = live.snapshot.contract(identifier) else {
            throw AdminError.notFound("contract \"\(identifier)\"", context: context)
        }
        guard let ordering = route.contract.ordering else {
            throw AdminError.conflict("not_ordered", "contract \"\(identifier)\" has no ordering: it has no partitions", context: context)
        }
        let text = try AdminRequest.parameter("partition", of: context)
        guard let partition = Int(text), (0..<ordering.partitions).contains(partition) else {
            throw AdminError.notFound("partition \(text) of contract \"\(identifier)\" (0 to \(ordering.partitions - 1))", context: context)
        }
        try await live.store.requestSkip(contract: identifier, partition: partition)
        return Response.json(
            .accepted, .object(["contract": .string(identifier), "partition": .int(Int64(partition)), "skip": .string("requested")]))
    }

    /// The contract's delivery state.
    func answer(_ identifier: String, context: AdminRequestContext) async throws -> Response {
        guard let state = await deliveryState(of: identifier) else {
            throw AdminError.notFound("contract \"\(identifier)\"", context: context)
        }
        return Response.json(.ok, .object(state))
    }

    /// Whether the contract delivers, its queue's backlog (`null` when the broker cannot say) and its
    /// action's circuit breaker; `nil` for an unknown contract.
    func deliveryState(of identifier: String) async -> JSONObject? {
        guard let route = live.snapshot.contract(identifier) else { return nil }
        let entry = BrokerNames.entryQueue(route)
        let queue = try? await connection.queueInfo(entry)
        var state: JSONObject = [
            "contract": .string(identifier), "active": .bool(route.contract.active),
            "pause": RegistryRowJSON.pause(route.contract.pause),
            "queue": .object([
                "name": .string(entry),
                "messages": queue.map { .int(Int64($0.messages)) } ?? .null,
                "consumers": queue.map { .int(Int64($0.consumers)) } ?? .null,
            ]),
            "circuitBreaker": breakers.json(for: route.action),
        ]
        if let ordering = route.contract.ordering {
            var partitions: [JSONValue] = []
            for partition in 0..<ordering.partitions {
                partitions.append(await self.partition(partition, of: identifier))
            }
            state["partitions"] = .array(partitions)
        }
        return state
    }

    /// One partition of an ordered contract: its backlog and, when this instance delivers it, the
    /// message that holds it (in flight, or failing and retried in place).
    private func partition(_ partition: Int, of contract: String) async -> JSONValue {
        let queue = BrokerNames.partitionQueue(contract, partition)
        let info = try? await connection.queueInfo(queue)
        let holding = board.holding(contract: contract, partition: partition).map { holding -> JSONValue in
            .object([
                "receivedEventId": .string(holding.receivedEventId), "key": .string(holding.key),
                "attempt": .int(Int64(holding.attempt)), "since": .string(AdminTime.text(holding.since)),
                "blocked": .bool(holding.blocked),
            ])
        }
        return .object([
            "partition": .int(Int64(partition)), "queue": .string(queue),
            "messages": info.map { .int(Int64($0.messages)) } ?? .null,
            "consumers": info.map { .int(Int64($0.consumers)) } ?? .null,
            "holding": holding ?? .null,
        ])
    }
}
