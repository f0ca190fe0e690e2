import EventhosStore
import EventhosTemplates
import Hummingbird

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

    /// Filters `event`, `producer`, `state` (accepted, rejected), `source` (webhook, amqp, chain),
    /// `from` and `to` (ISO 8601); newest first; `limit` and `cursor`.
    func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String? { parameters[Substring(name)].map(String.init) }
        func invalid(_ name: String, _ expected: String) -> APIError {
            AdminError.badRequest("invalid_filter", "\(name) must be \(expected)", context: context)
        }
        var query = ReceivedEventQuery(event: value("event"), producer: value("producer"))
        if let state = value("state") {
            guard let parsed = ReceivedEventRecord.State(rawValue: state) else { throw invalid("state", "accepted or rejected") }
            query.state = parsed
        }
        if let source = value("source") {
            guard let parsed = ReceivedEventRecord.Source(rawValue: source) else {
                throw invalid("source", ReceivedEventRecord.Source.allCases.map(\.rawValue).joined(separator: ", "))
            }
            query.source = parsed
        }
        for (name, path) in [("from", \ReceivedEventQuery.from), ("to", \ReceivedEventQuery.to)] {
            guard let text = value(name) else { continue }
            guard let date = AdminTime.date(text) else { throw invalid(name, "an ISO 8601 time such as 2026-01-31T12:00:00Z") }
            query[keyPath: path] = date
        }
        let page: AdminPage
        do {
            page = try AdminPage(limit: value("limit"), cursor: value("cursor"))
        } catch {
            throw AdminError.badRequest("invalid_page", error.message, context: context)
        }
        query.before = page.after?.first
        query.limit = page.limit + 1
        let found = try store.receivedEvents(query)
        let items = found.prefix(page.limit)
        let next = found.count > page.limit ? items.last.map { AdminPage.cursor(after: [$0.id]) } : nil
        return Response.json(.ok, .object(["items": .array(items.map(Self.json)), "nextCursor": next.map(JSONValue.string) ?? .null]))
    }

    func show(_ id: String, context: AdminRequestContext) async throws -> Response {
        guard let event = try store.receivedEvent(id: id) else {
            throw AdminError.notFound("received event \"\(id)\"", context: context)
        }
        let executions = try store.executions(receivedEventId: id)
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
