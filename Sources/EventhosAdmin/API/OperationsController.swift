import AMQP
import EventhosEngine
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Hummingbird
import OrderedCollections

/// Dead letters (`/dead-letters`, `/contracts/{id}/dead-letters`) and replay
/// (`/received-events/{id}/replay`): the operations of `eventhos dlq` and `eventhos replay`, on the
/// running bridge's broker connection and registry.
struct OperationsController: Sendable {
    let connection: AMQPConnection
    let registry: RegistryReference
    let store: EventhosStore
    /// Told which dead queues the operations change, so their depth gauges are read again soon.
    let metrics: BridgeMetrics

    var routes: [AdminRoute] {
        [
            AdminRoute(.get, "/dead-letters", Roles.read) { _, context in try await list(context: context) },
            AdminRoute(.get, "/contracts/{id}/dead-letters", Roles.read) { request, context in try await show(request, context: context) },
            AdminRoute(.post, "/contracts/{id}/dead-letters/redrive", Roles.redrive) { request, context in
                try await redrive(request, context: context)
            },
            AdminRoute(.delete, "/contracts/{id}/dead-letters", Roles.purge) { _, context in try await purge(context: context) },
            AdminRoute(.post, "/received-events/{id}/replay", Roles.replay) { request, context in try await replay(request, context: context) },
        ]
    }

    /// The dead-letter operations on the registry in force; redrives and purges mark the depth
    /// gauge of the dead queue they change for the poller's next tick.
    var deadLetters: DeadLetterOperations {
        var operations = DeadLetterOperations(connection: connection, registry: registry.current)
        operations.changed = { [metrics] contract in metrics.contract(contract).markDeadQueueChanged() }
        return operations
    }

    /// Delivering stored events again, with the registry in force.
    var eventReplay: EventReplay {
        EventReplay(connection: connection, store: store, registry: registry.current)
    }

    func list(context: AdminRequestContext) async throws -> Response {
        let summaries = try await operation(context) { try await deadLetters.list() }
        return Response.json(
            .ok,
            .object([
                "items": .array(summaries.map { summary in
                    .object([
                        "contract": .string(summary.contract), "queue": .string(summary.queue),
                        "depth": summary.depth.map { .int(Int64($0)) } ?? .null,
                        "oldestLastTryAt": summary.oldestLastTryAt.map { .string(AdminTime.text($0)) } ?? .null,
                    ])
                })
            ]))
    }

    /// The first `limit` dead letters (default 20), left in the queue.
    func show(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let contract = try AdminRequest.parameter("id", of: context)
        let limit: Int
        do {
            limit = try AdminPage(limit: request.uri.queryParameters["limit"].map(String.init), cursor: nil).limit
        } catch {
            throw AdminError.badRequest("invalid_page", error.message, context: context)
        }
        let letters = try await operation(context) { try await deadLetters.show(contract: contract, limit: limit) }
        return Response.json(.ok, .object(["items": .array(letters.map(Self.json))]))
    }

    /// The largest `limit` of a redrive: 2^53 - 1.
    static let largestLimit: Int64 = 9_007_199_254_740_991

    /// Body `{"limit": N}`, optional: every dead letter goes back when absent.
    func redrive(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let contract = try AdminRequest.parameter("id", of: context)
        let body = try await AdminRequest.members(of: request, context: context, allowed: ["limit"])
        var limit: Int?
        switch body["limit"] {
        case nil: limit = nil
        // 5.0 is the integer 5, as in JSON Schema; at most 2^53 - 1, which every JSON reader keeps exactly.
        case .int(let value)? where (1...Self.largestLimit).contains(value): limit = Int(value)
        case .double(let value)? where (1...Double(Self.largestLimit)).contains(value) && value.rounded() == value: limit = Int(value)
        default:
            throw AdminError.badRequest("invalid_limit", "limit must be an integer from 1 to \(Self.largestLimit)", context: context)
        }
        let count = try await operation(context) { try await deadLetters.redrive(contract: contract, limit: limit) }
        return Response.json(.ok, .object(["contract": .string(contract), "redriven": .int(Int64(count))]))
    }

    func purge(context: AdminRequestContext) async throws -> Response {
        let contract = try AdminRequest.parameter("id", of: context)
        let count = try await operation(context) { try await deadLetters.purge(contract: contract) }
        return Response.json(.ok, .object(["contract": .string(contract), "purged": .int(Int64(count))]))
    }

    /// Body `{"contract": "..."}`, optional: every active contract of the event when absent.
    func replay(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try AdminRequest.parameter("id", of: context)
        let body = try await AdminRequest.members(of: request, context: context, allowed: ["contract"])
        let contract: String?
        switch body["contract"] {
        case nil: contract = nil
        case .string(let identifier)?: contract = identifier
        default: throw AdminError.badRequest("invalid_contract", "contract must be a contract identifier", context: context)
        }
        let deliveries = try await operation(context) { try await eventReplay.replay(receivedEventId: id, contract: contract) }
        return Response.json(
            .ok,
            .object([
                "receivedEventId": .string(id),
                "deliveries": .array(deliveries.map { .object(["contract": .string($0.contract), "attempt": .int(Int64($0.attempt))]) }),
            ]))
    }

    /// Runs an operation, answering its refusals as 404 or 409 and the broker's failures as 503.
    private func operation<Result>(_ context: AdminRequestContext, _ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as OperationError {
            let status: HTTPResponse.Status = error.code == .notReplayable ? .conflict : .notFound
            throw APIError(status: status, code: "\(error.code)", message: error.message, requestId: context.requestId)
        } catch let error as AMQPError {
            throw APIError.brokerUnavailable(
                "the broker refused or cannot be reached: \(error)", requestId: context.requestId, retryAfter: 5)
        }
    }

    private static func json(_ letter: DeadLetter) -> JSONValue {
        .object([
            "receivedEventId": .string(letter.receivedEventId), "attempts": letter.attempts.map { .int(Int64($0)) } ?? .null,
            "reason": letter.reason.map(JSONValue.string) ?? .null, "lastStatus": letter.lastStatus.map { .int(Int64($0)) } ?? .null,
            "lastError": letter.lastError.map(JSONValue.string) ?? .null,
            "firstTryAt": letter.firstTryAt.map { .string(AdminTime.text($0)) } ?? .null,
            "lastTryAt": letter.lastTryAt.map { .string(AdminTime.text($0)) } ?? .null,
        ])
    }
}
