import AMQP
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Foundation
import NIOCore

/// A received event as it travels on `eventhos.events`: the body as the producer sent it, and
/// what templates and the audit need in headers (visible as they are in the management UI).
struct EventMessage: Sendable {
    enum Header {
        static let source = "eventhos-source"
        static let producer = "eventhos-producer"
        static let receivedAt = "eventhos-received-at"
        static let requestHeaders = "eventhos-request-headers"
        static let requestQuery = "eventhos-request-query"
        static let attempt = "eventhos-attempt"
    }

    var receivedEventId: String
    var eventIdentifier: String
    var source: ReceivedEventRecord.Source
    var producer: String
    /// Lower-cased request header names and their values, secrets removed.
    var requestHeaders: [(name: String, value: String)]
    var requestQuery: [(name: String, value: String)]
    /// Milliseconds since 1970.
    var receivedAt: Int64
    var body: ByteBuffer
    /// The W3C `traceparent` of the ingest that published the event (header `traceparent`).
    var traceparent: String?

    /// The trace of the event, when it carries a valid one.
    var trace: TraceContext? {
        traceparent.flatMap { TraceContext(traceparent: $0) }
    }

    /// The properties of the persistent message published for this event.
    var properties: AMQPProperties {
        var properties = AMQPProperties(persistent: true)
        properties.contentType = "application/json"
        properties.messageId = receivedEventId
        properties.timestamp = UInt64(receivedAt / 1000)
        properties.headers = [
            Header.source: .string(source.rawValue),
            Header.producer: .string(producer),
            Header.receivedAt: .int(receivedAt),
            Header.requestHeaders: .table(Self.table(requestHeaders)),
            Header.requestQuery: .table(Self.table(requestQuery)),
        ]
        if let traceparent {
            properties.headers[TraceContext.headerName] = .string(traceparent)
        }
        return properties
    }

    /// Reads an event back from a delivery of `eventhos.events`.
    init(delivery: AMQPDelivery) throws(EventMessageError) {
        let headers = delivery.properties.headers
        guard let id = delivery.properties.messageId, !id.isEmpty else { throw .missing("message_id") }
        guard case .string(let sourceText) = headers[Header.source],
            let source = ReceivedEventRecord.Source(rawValue: sourceText)
        else { throw .missing(Header.source) }
        guard case .string(let producer) = headers[Header.producer] else { throw .missing(Header.producer) }
        receivedEventId = id
        eventIdentifier = delivery.routingKey
        self.source = source
        self.producer = producer
        requestHeaders = Self.pairs(headers[Header.requestHeaders])
        requestQuery = Self.pairs(headers[Header.requestQuery])
        if case .int(let millis) = headers[Header.receivedAt] {
            receivedAt = millis
        } else {
            receivedAt = Int64((delivery.properties.timestamp ?? 0) * 1000)
        }
        body = delivery.body
        if case .string(let traceparent) = headers[TraceContext.headerName] {
            self.traceparent = traceparent
        }
    }

    init(
        receivedEventId: String, eventIdentifier: String, source: ReceivedEventRecord.Source, producer: String,
        requestHeaders: [(name: String, value: String)], requestQuery: [(name: String, value: String)],
        receivedAt: Int64, body: ByteBuffer
    ) {
        self.receivedEventId = receivedEventId
        self.eventIdentifier = eventIdentifier
        self.source = source
        self.producer = producer
        self.requestHeaders = requestHeaders
        self.requestQuery = requestQuery
        self.receivedAt = receivedAt
        self.body = body
    }

    /// The body as text, as the audit keeps it.
    var bodyText: String {
        String(buffer: body)
    }

    var receivedDate: Date {
        Date(timeIntervalSince1970: Double(receivedAt) / 1000)
    }

    /// The body as templates read it, from its `bytes`: its JSON, `null` when empty, the text as a
    /// JSON string when it is not JSON.
    func bodyValue(_ bytes: [UInt8]) -> JSONValue {
        bytes.isEmpty ? .null : ((try? JSONParser.parse(bytes)) ?? .string(bodyText))
    }

    /// What filters and ordering keys read: `{"headers", "query", "body"}` of the received event.
    func context(body: JSONValue) -> JSONValue {
        RequestTemplate.context(
            headers: requestHeaders.map { ($0.name, $0.value) }, query: requestQuery.map { ($0.name, $0.value) }, body: body)
    }

    private static func table(_ pairs: [(name: String, value: String)]) -> AMQPTable {
        var table = AMQPTable(minimumCapacity: pairs.count)
        for pair in pairs {
            table[pair.name] = .string(pair.value)
        }
        return table
    }

    private static func pairs(_ value: AMQPFieldValue?) -> [(name: String, value: String)] {
        guard case .table(let table) = value else { return [] }
        return table.compactMap { name, value in
            guard case .string(let text) = value else { return nil }
            return (name, text)
        }.sorted { $0.name < $1.name }
    }
}

/// A message on `eventhos.events` that lacks what Eventhos puts there.
enum EventMessageError: Error, CustomStringConvertible {
    case missing(String)

    var description: String {
        switch self {
        case .missing(let field): "message lacks \(field)"
        }
    }
}
