import AMQP
import EventhosJSON
import EventhosStore
import EventhosTemplates
import FoundationEssentials
import NIOCore
import OrderedCollections
import Testing

@testable import EventhosEngine

/// How the intake reads a message of `eventhos.ingress`, and what it parks and audits of it.
@Suite struct IngressMessageTests {
    private func message(
        headers: AMQPTable = [:], userId: String? = nil, messageId: String? = nil, routingKey: String = "customer-created"
    ) -> (IngressMessage, AMQPDelivery) {
        let delivery = AMQPDelivery(
            body: ByteBuffer(string: #"{"id":1}"#),
            properties: AMQPProperties(headers: headers, messageId: messageId, userId: userId),
            exchange: BrokerNames.ingressExchange, routingKey: routingKey)
        return (IngressMessage(delivery: delivery, receivedAt: 1_700_000_000_123), delivery)
    }

    @Test("the access key header wins over user_id; user_id serves alone; neither is no credential")
    func credential() {
        #expect(message(headers: ["Eventhos-Access-Key": .string("k1")], userId: "crm").0.credential == .key("k1"))
        #expect(message(headers: ["eventhos-access-key": .bytes(Array("k2".utf8))]).0.credential == .key("k2"))
        #expect(message(userId: "crm").0.credential == .brokerUser("crm"))
        #expect(message(headers: ["eventhos-access-key": .string("")], userId: "crm").0.credential == .brokerUser("crm"))
        #expect(message().0.credential == nil)
    }

    @Test("headers reach templates lower-case, as text, sorted, without credentials")
    func headers() {
        let (ingress, _) = message(headers: [
            "X-Request-Id": .string("r1"), "eventhos-access-key": .string("secret"), "Authorization": .string("Bearer s"),
            "retries": .int(3), "urgent": .bool(true), "nested": .table(["a": .int(1)]),
        ])
        #expect(ingress.headers.map(\.name) == ["retries", "urgent", "x-request-id"])
        #expect(ingress.headers.map(\.value) == ["3", "true", "r1"])
        #expect(ingress.eventIdentifier == "customer-created")
    }

    @Test("a usable message_id is the receivedEventId; otherwise a UUIDv7 is assigned")
    func receivedEventId() {
        let given = message(messageId: "order-42:created").0
        #expect(given.receivedEventId == "order-42:created" && given.hasProducerId)
        for unusable in [nil, "", "has space", "slash/es", String(repeating: "a", count: 129), "é"] {
            let assigned = message(messageId: unusable).0
            #expect(!assigned.hasProducerId, "\(unusable ?? "nil")")
            #expect(assigned.receivedEventId.count == 36 && assigned.receivedEventId.dropFirst(14).hasPrefix("7"))
        }
        #expect(IngressMessage.isUsableId(String(repeating: "a", count: 128)))
    }

    @Test("the parked copy keeps the producer's properties, drops the key and user_id, and says why")
    func parkedProperties() {
        let (ingress, delivery) = message(
            headers: ["eventhos-access-key": .string("secret"), "x-a": .string("1")], userId: "crm", messageId: "m-1")
        let rejection = EventRejection(code: .unknownEvent, message: "no event has the identifier 'x'", producer: "crm")
        let parked = ingress.parkedProperties(delivery.properties, rejection: rejection)
        #expect(parked.headers["eventhos-access-key"] == nil)
        #expect(parked.headers["x-a"] == .string("1"))
        #expect(parked.headers["eventhos-reject-code"] == .string("unknown_event"))
        #expect(parked.headers["eventhos-reject-reason"] == .string("no event has the identifier 'x'"))
        #expect(parked.headers["eventhos-received-event-id"] == .string("m-1"))
        #expect(parked.headers["eventhos-routing-key"] == .string("customer-created"))
        #expect(parked.headers["eventhos-user-id"] == .string("crm"))
        #expect(parked.userId == nil && parked.persistent && parked.messageId == "m-1")
    }

    @Test("a rejection is audited as an AMQP event in state rejected, with code and reason")
    func rejectedRecord() {
        let (ingress, delivery) = message(headers: ["eventhos-access-key": .string("secret")], messageId: "m-2")
        let record = ingress.rejectedRecord(
            EventRejection(code: .invalidKey, message: "a valid producer key is required"), body: delivery.body)
        #expect(record.id == "m-2" && record.source == .amqp && record.state == .rejected && record.producer == nil)
        #expect(record.rejectReason == "invalid_key: a valid producer key is required")
        #expect(record.headers == .object([:]) && record.body == #"{"id":1}"#)
        #expect(record.receivedAt.timeIntervalSince1970 == 1_700_000_000.123)
    }

    @Test("an admitted message travels as an EventMessage with source amqp")
    func event() {
        let (ingress, delivery) = message(headers: ["x-a": .string("1")], messageId: "m-3")
        let event = ingress.event(producer: "crm", body: delivery.body)
        #expect(event.properties.messageId == "m-3")
        #expect(event.properties.headers[EventMessage.Header.source] == .string("amqp"))
        #expect(event.properties.headers[EventMessage.Header.producer] == .string("crm"))
        #expect(event.requestHeaders.map(\.name) == ["x-a"] && event.requestQuery.isEmpty)
    }
}
