import AMQP
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Foundation
import NIOCore
import OrderedCollections

/// A message an AMQP producer published to `eventhos.ingress`, as the intake reads it: who
/// presents it, which event it claims to be, its receivedEventId, and its headers with
/// credentials removed.
struct IngressMessage: Sendable {
    /// The headers the intake reads on `eventhos.ingress` and writes on `eventhos.rejected`.
    enum Header {
        /// The producer key (matched case-insensitively); never forwarded, parked or audited.
        static let accessKey = "eventhos-access-key"
        /// The ``EventRejection/Code`` of a parked message.
        static let rejectCode = "eventhos-reject-code"
        /// Why a parked message was rejected, for people.
        static let rejectReason = "eventhos-reject-reason"
        /// The receivedEventId under which a parked message was audited.
        static let receivedEventId = "eventhos-received-event-id"
        /// The routing key a parked message was published with (it reaches the queue by its own name).
        static let routingKey = "eventhos-routing-key"
        /// The validated `user_id` a parked message carried.
        static let userId = "eventhos-user-id"
    }

    /// Headers that carry credentials: the webhook's, and the AMQP access key.
    static let credentialHeaders = WebhookIngress.credentialHeaders.union([Header.accessKey])

    /// The producer's `message_id` when it is a usable id (see ``isUsableId(_:)``), else a new one.
    let receivedEventId: String
    /// Whether ``receivedEventId`` is the producer's `message_id`, so that a second message with it is a duplicate.
    let hasProducerId: Bool
    /// The access key header when present, else the validated `user_id`.
    let credential: EventAdmission.Credential?
    /// The routing key.
    let eventIdentifier: String
    /// Application headers with a scalar value, as templates and the audit see them: lower-case
    /// names, values as text, credentials removed, sorted by name.
    let headers: [(name: String, value: String)]
    /// When the intake took the message, in milliseconds since 1970.
    let receivedAt: Int64

    init(delivery: AMQPDelivery, receivedAt: Int64) {
        var key: String?
        var headers = [(name: String, value: String)]()
        for (name, value) in delivery.properties.headers {
            let lowercased = name.lowercased()
            if lowercased == Header.accessKey {
                key = Self.text(value)
            } else if !Self.credentialHeaders.contains(lowercased), let text = Self.text(value) {
                headers.append((lowercased, text))
            }
        }
        if let key, !key.isEmpty {
            credential = .key(Substring(key))
        } else if let user = delivery.properties.userId, !user.isEmpty {
            credential = .brokerUser(user)
        } else {
            credential = nil
        }
        if let id = delivery.properties.messageId, Self.isUsableId(id) {
            receivedEventId = id
            hasProducerId = true
        } else {
            receivedEventId = ReceivedEventID.make(millis: receivedAt)
            hasProducerId = false
        }
        eventIdentifier = delivery.routingKey
        self.headers = headers.sorted { $0.name < $1.name }
        self.receivedAt = receivedAt
    }

    /// Whether a producer's `message_id` can serve as a receivedEventId: 1 to 128 ASCII letters,
    /// digits, `.`, `_`, `:` or `-` (a UUID, a ULID, `order-42:created`…), safe in URLs and logs.
    static func isUsableId(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
                    UInt8(ascii: "-"):
                    true
                default:
                    false
                }
            }
    }

    /// The event to publish on `eventhos.events` once admitted.
    func event(producer: String, body: ByteBuffer) -> EventMessage {
        EventMessage(
            receivedEventId: receivedEventId, eventIdentifier: eventIdentifier, source: .amqp, producer: producer,
            requestHeaders: headers, requestQuery: [], receivedAt: receivedAt, body: body)
    }

    /// The `received_event` row of a rejected message.
    func rejectedRecord(_ rejection: EventRejection, body: ByteBuffer) -> ReceivedEventRecord {
        ReceivedEventRecord(
            id: receivedEventId, eventIdentifier: eventIdentifier, source: .amqp, producer: rejection.producer,
            headers: JSONValue(textMembers: headers), query: .object([:]), body: String(buffer: body),
            receivedAt: Date(timeIntervalSince1970: Double(receivedAt) / 1000), state: .rejected,
            rejectReason: rejection.description)
    }

    /// The properties of the copy parked in `eventhos.rejected`: the producer's, without the access
    /// key, with the rejection in headers.
    func parkedProperties(_ original: AMQPProperties, rejection: EventRejection) -> AMQPProperties {
        var properties = original
        properties.headers = original.headers.filter { name, _ in name.lowercased() != Header.accessKey }
        properties.headers[Header.rejectCode] = .string(rejection.code.rawValue)
        properties.headers[Header.rejectReason] = .string(rejection.message)
        properties.headers[Header.receivedEventId] = .string(receivedEventId)
        properties.headers[Header.routingKey] = .string(eventIdentifier)
        if let user = original.userId {
            properties.headers[Header.userId] = .string(user)
        }
        properties.userId = nil  // the broker would check it against Eventhos's own user and refuse the copy
        properties.expiration = nil  // a parked message waits for an operator
        properties.messageId = original.messageId ?? receivedEventId
        properties.persistent = true
        return properties
    }

    /// A scalar header value as text; tables, arrays and void have none.
    private static func text(_ value: AMQPFieldValue) -> String? {
        switch value {
        case .string(let text): text
        case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): String(flag)
        case .timestamp(let seconds): String(seconds)
        case .table, .array, .void: nil
        }
    }
}
