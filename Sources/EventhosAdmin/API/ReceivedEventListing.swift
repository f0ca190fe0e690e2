import EventhosEngine
import EventhosStore

/// A page of the received events list as a client asks for it in query parameters: the filters
/// `id`, `event`, `producer`, `state` (accepted, rejected), `source` (webhook, amqp, chain),
/// `from` and `to` (ISO 8601), and `limit` and `cursor` (see ``AdminPage``); newest first.
///
/// The admin API (`GET /api/v1/received-events`) and the console's events log read them the same way.
struct ReceivedEventListing: Sendable, Equatable {
    /// A parameter that is not valid: `invalid_filter` or `invalid_page`.
    struct Invalid: Error, Equatable {
        var code: String
        /// The filter's name, or `page` for `limit` and `cursor`.
        var parameter: String
        var message: String
    }

    var query: ReceivedEventQuery
    var page: AdminPage

    /// Reads the parameters; `value(name)` is the parameter's value, `nil` when absent.
    init(_ value: (String) -> String?) throws(Invalid) {
        func invalid(_ name: String, _ expected: String) -> Invalid {
            Invalid(code: "invalid_filter", parameter: name, message: "\(name) must be \(expected)")
        }
        query = ReceivedEventQuery(id: value("id"), event: value("event"), producer: value("producer"))
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
        do {
            page = try AdminPage(limit: value("limit"), cursor: value("cursor"))
        } catch {
            throw Invalid(code: "invalid_page", parameter: "page", message: error.message)
        }
        query.before = page.after?.first
        query.limit = page.limit + 1
    }

    /// The page's received events, and the cursor of the next page when there are more.
    func run(on store: EventhosStore) async throws(StoreError) -> (items: [ReceivedEventSummary], next: String?) {
        let found = try await store.receivedEvents(query)
        let items = Array(found.prefix(page.limit))
        let next = found.count > page.limit ? items.last.map { AdminPage.cursor(after: [$0.id]) } : nil
        return (items, next)
    }
}
