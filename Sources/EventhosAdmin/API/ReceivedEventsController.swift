import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Hummingbird
import OrderedCollections

/// `/api/v1/received-events`: the audit of received events, and one event with its executions and tries.
struct ReceivedEventsController: Sendable {
    let store: EventhosStore

    var routes: [AdminRoute] {
        [
            AdminRoute(.get, "/received-events", .viewer) { request, context in try await list(request, context: context) },
            AdminRoute(.get, "/received-events/{id}", .viewer) { _, context in
                try await show(AdminRequest.parameter("id", of: context), context: context)
            },
        ]
    }

    /// The filters and page of ``ReceivedEventListing``.
    func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let listing: ReceivedEventListing
        do {
            listing = try ReceivedEventListing { parameters[Substring($0)].map(String.init) }
        } catch {
            throw AdminError.badRequest(error.code, error.message, context: context)
        }
        let (items, next) = try await listing.run(on: store)
        return Response.json(.ok, .object(["items": .array(items.map(Self.json)), "nextCursor": next.map(JSONValue.string) ?? .null]))
    }

    func show(_ id: String, context: AdminRequestContext) async throws -> Response {
        guard let event = try await store.receivedEvent(id: id) else {
            throw AdminError.notFound("received event \"\(id)\"", context: context)
        }
        let executions = try await store.executions(receivedEventId: id)
        var json: JSONObject = [
            "id": .string(event.id), "event": .string(event.eventIdentifier), "source": .string(event.source.rawValue),
            "producer": event.producer.map(JSONValue.string) ?? .null, "state": .string(event.state.rawValue),
            "rejectReason": event.rejectReason.map(JSONValue.string) ?? .null,
            "receivedAt": .string(AdminTime.text(event.receivedAt)), "headers": event.headers, "query": event.query,
            "body": (try? JSONParser.parse(Array(event.body.utf8))) ?? .string(event.body),
            "executions": .array(executions.map(Self.json)),
        ]
        if let parent = event.parent {
            json["parent"] = .string(parent)
        }
        return Response.json(.ok, .object(json))
    }

    private static func json(_ event: ReceivedEventSummary) -> JSONValue {
        .object([
            "id": .string(event.id), "event": .string(event.eventIdentifier), "source": .string(event.source),
            "producer": event.producer.map(JSONValue.string) ?? .null, "state": .string(event.state),
            "rejectReason": event.rejectReason.map(JSONValue.string) ?? .null, "receivedAt": .string(AdminTime.text(event.receivedAt)),
        ])
    }

    private static func json(_ execution: ExecutionRow) -> JSONValue {
        .object([
            "contract": .string(execution.contract), "state": .string(execution.state.rawValue),
            "attempts": .int(Int64(execution.attempts)), "createdAt": .string(AdminTime.text(execution.createdAt)),
            "updatedAt": .string(AdminTime.text(execution.updatedAt)), "tries": .array(execution.tries.map(json)),
            "waitingFor": execution.waitingFor.map(JSONValue.string) ?? .null,
            "reason": execution.reason.map(JSONValue.string) ?? .null,
        ])
    }

    private static func json(_ attempt: ExecutionRow.Try) -> JSONValue {
        var json: JSONObject = [
            "attempt": .int(Int64(attempt.attempt)), "outcome": .string(attempt.outcome.rawValue),
            "request": .object([
                "method": .string(attempt.request.method), "url": .string(attempt.request.url),
                "headers": headers(attempt.request.headers), "body": attempt.request.body.map(JSONValue.string) ?? .null,
            ]),
            "error": attempt.error.map(JSONValue.string) ?? .null, "warnings": .array(attempt.warnings.map(JSONValue.string)),
            "executedAt": .string(AdminTime.text(attempt.executedAt)), "finishedAt": .string(AdminTime.text(attempt.finishedAt)),
            "durationMs": .int(Int64(attempt.durationMilliseconds)),
        ]
        if let response = attempt.response {
            json["response"] = .object([
                "status": .int(Int64(response.status)), "headers": headers(response.headers), "body": .string(response.body),
                "truncated": .bool(response.truncated),
            ])
        }
        return .object(json)
    }

    private static func headers(_ fields: [(name: String, value: String)]) -> JSONValue {
        .array(fields.map { .array([.string($0.name), .string($0.value)]) })
    }
}
