import EventhosJSON
import EventhosTemplates
import Foundation

/// An event as Eventhos received it: a row of `received_event`.
public struct ReceivedEventRecord: Sendable, Hashable {
    /// How the event came in.
    public enum Source: String, Sendable, Hashable, CaseIterable {
        /// `POST /event/send`.
        case webhook
        /// Published to `eventhos.ingress`.
        case amqp
        /// The response of an action with `replyTo`.
        case chain
        /// An operator event of the built-in system `eventhos` (spec §10).
        case operations
    }

    /// Whether the event went on to the contracts.
    public enum State: String, Sendable, Hashable, CaseIterable {
        case accepted
        case rejected
    }

    /// The receivedEventId.
    public var id: String
    /// The event identifier as presented, known or not.
    public var eventIdentifier: String
    public var source: Source
    /// Identifier of the producer system, when the key named one.
    public var producer: String?
    /// The headers, names in lower case.
    public var headers: JSONValue
    public var query: JSONValue
    /// The raw body as received.
    public var body: String
    public var receivedAt: Date
    public var state: State
    public var rejectReason: String?
    /// For a chained event (`source: chain`), the received event whose delivery answered with it.
    public var parent: String?

    public init(
        id: String, eventIdentifier: String, source: Source, producer: String?, headers: JSONValue,
        query: JSONValue, body: String, receivedAt: Date, state: State = .accepted, rejectReason: String? = nil,
        parent: String? = nil
    ) {
        self.id = id
        self.eventIdentifier = eventIdentifier
        self.source = source
        self.producer = producer
        self.headers = headers
        self.query = query
        self.body = body
        self.receivedAt = receivedAt
        self.state = state
        self.rejectReason = rejectReason
        self.parent = parent
    }
}
