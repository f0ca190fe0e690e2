import EventhosCore
import EventhosEngine
import EventhosStore
import EventhosTemplates

/// What the events log shows: the filter form as the operator filled it, one page of received
/// events, newest first, and the link to the next page.
struct ConsoleLogView: Sendable {
    /// The filter form's fields, in the order of the form.
    static let filterFields = ["event", "producer", "state", "source", "from", "to", "id"]

    /// A choice of a `<select>`.
    struct Option: Sendable, Equatable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// A received event: a row of `table#log`.
    struct Row: Sendable, Equatable {
        var id: String
        var event: String
        var source: String
        var producer: String
        var state: String
        var rejected: Bool
        var rejectReason: String?
        var receivedAt: String
        /// The received event's page.
        var href: String

        init(_ event: ReceivedEventSummary) {
            id = event.id
            self.event = event.eventIdentifier
            source = event.source
            producer = event.producer ?? "—"
            state = event.state
            rejected = event.state == ReceivedEventRecord.State.rejected.rawValue
            rejectReason = event.rejectReason
            receivedAt = AdminTime.text(event.receivedAt)
            href = Console.basePath + "/log/" + event.id.percentEncoded()
        }
    }

    /// The filters as given (blank fields left out), to fill the form again, and `limit` when given.
    var filter: [String: String]
    var states: [Option]
    var sources: [Option]
    /// Suggestions for the `event` and `producer` fields.
    var events: [String]
    var producers: [String]
    var rows: [Row]
    /// The next page's URL, when there are more rows.
    var nextPage: String?
    /// The field a problem was found in (`page` for the cursor), marked `.error`.
    var invalid: [String: Bool]

    /// - Parameters:
    ///   - filter: the non-blank filter fields of the request.
    ///   - registry: the registry, for the suggestions.
    ///   - rows: the page, or the problem with the filter.
    ///   - next: the cursor of the next page.
    init(filter: [String: String], registry: RegistryDefinition, rows: [ReceivedEventSummary], next: String?, invalid: String? = nil) {
        self.filter = filter
        states = Self.options(ReceivedEventRecord.State.allCases.map(\.rawValue), selected: filter["state"])
        sources = Self.options(ReceivedEventRecord.Source.allCases.map(\.rawValue), selected: filter["source"])
        events = registry.events.map(\.identifier).sorted()
        producers = registry.systems.filter { $0.systemClass != .subscriber }.map(\.identifier).sorted()
        self.rows = rows.map(Row.init)
        nextPage = next.map { cursor in Self.url(filter.merging(["cursor": cursor]) { _, cursor in cursor }) }
        self.invalid = invalid.map { [$0: true] } ?? [:]
    }

    /// The events log's URL with `parameters` as its query, in the form's order.
    static func url(_ parameters: [String: String]) -> String {
        let query = (filterFields + ["limit", "cursor"]).compactMap { name in
            parameters[name].map { "\(name)=\($0.percentEncoded())" }
        }
        return Console.basePath + "/log" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    private static func options(_ values: [String], selected: String?) -> [Option] {
        [Option(value: "", label: "any", selected: selected == nil)]
            + values.map { Option(value: $0, label: $0, selected: $0 == selected) }
    }
}
