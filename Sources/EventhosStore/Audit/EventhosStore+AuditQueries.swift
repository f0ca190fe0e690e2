import EventhosCore
import Foundation

/// Which received events to list: every given criterion must hold.
public struct ReceivedEventQuery: Sendable, Hashable {
    /// The receivedEventId itself.
    public var id: String?
    public var event: String?
    /// The producer system's identifier.
    public var producer: String?
    public var state: ReceivedEventRecord.State?
    public var source: ReceivedEventRecord.Source?
    /// Received at or after.
    public var from: Date?
    /// Received before.
    public var to: Date?
    /// Only events older than this receivedEventId (the previous page's last one).
    public var before: String?
    public var limit: Int

    public init(
        id: String? = nil, event: String? = nil, producer: String? = nil, state: ReceivedEventRecord.State? = nil,
        source: ReceivedEventRecord.Source? = nil, from: Date? = nil, to: Date? = nil, before: String? = nil, limit: Int = 50
    ) {
        self.id = id
        self.event = event
        self.producer = producer
        self.state = state
        self.source = source
        self.from = from
        self.to = to
        self.before = before
        self.limit = limit
    }
}

/// A received event without its headers, query and body, as lists show it.
public struct ReceivedEventSummary: Sendable, Hashable {
    public var id: String
    public var eventIdentifier: String
    public var source: String
    public var producer: String?
    public var state: String
    public var rejectReason: String?
    public var receivedAt: Date
}

extension EventhosStore {
    /// The received events matching `query`, newest first (receivedEventIds are time-ordered UUIDv7).
    public func receivedEvents(_ query: ReceivedEventQuery) async throws(StoreError) -> [ReceivedEventSummary] {
        var conditions = [String]()
        var arguments = [any SQLBindable]()
        func add(_ condition: String, _ value: String?) {
            guard let value else { return }
            conditions.append(condition)
            arguments.append(value)
        }
        add("received_event.id = ?", query.id)
        add("received_event.event_identifier = ?", query.event)
        add("system.identifier = ?", query.producer)
        add("received_event.state = ?", query.state?.rawValue)
        add("received_event.source = ?", query.source?.rawValue)
        add("received_event.received_at >= ?", query.from?.storageText)
        add("received_event.received_at < ?", query.to?.storageText)
        add("received_event.id < ?", query.before)
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments.append(query.limit)
        let sql = """
            SELECT received_event.id, event_identifier, source, system.identifier AS producer, state, reject_reason, received_at
            FROM received_event LEFT JOIN system ON system.id = received_event.producer_id
            \(filter) ORDER BY received_event.id DESC LIMIT ?
            """
        let bound = arguments
        return try await read { db in
            try db.rows(sql, bound).map { row throws(StoreError) in
                ReceivedEventSummary(
                    id: try row["id"], eventIdentifier: try row["event_identifier"], source: try row["source"],
                    producer: try row["producer"], state: try row["state"], rejectReason: try row["reject_reason"],
                    receivedAt: try Date(storageText: try row["received_at"]))
            }
        }
    }
}
