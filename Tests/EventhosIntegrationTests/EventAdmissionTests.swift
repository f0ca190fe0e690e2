import EventhosCore
import HTTPTypes
import NIOCore
import Testing

@testable import EventhosEngine

/// The one validation path of webhooks and AMQP messages, on a registry snapshot.
@Suite struct EventAdmissionTests {
    private static let snapshot = RegistrySnapshot(
        registry: RegistryDefinition(
            systems: [
                SystemDefinition(
                    identifier: "crm", name: "CRM", keys: [ProducerKeyDefinition(name: "k", hash: ProducerKeyHash(key: "crm-key"))],
                    amqpUser: "crm-user"),
                SystemDefinition(
                    identifier: "erp", name: "ERP", keys: [ProducerKeyDefinition(name: "k", hash: ProducerKeyHash(key: "erp-key"))],
                    amqpUser: "erp-user"),
            ],
            events: [EventDefinition(identifier: "customer-created", name: "Created", operation: .new, producer: "crm")]),
        defaultRetry: .standard)
    private let admission = EventAdmission(snapshot: Self.snapshot, channel: .amqp)

    private func code(
        _ credential: EventAdmission.Credential?, _ event: String?, body: String = "{}"
    ) -> EventRejection.Code? {
        do {
            _ = try admission.admit(credential, eventIdentifier: event, body: ByteBuffer(string: body))
            return nil
        } catch {
            return error.code
        }
    }

    @Test("the producer's key or its validated broker user admits its event")
    func admitted() throws {
        for credential: EventAdmission.Credential in [.key("crm-key"), .brokerUser("crm-user")] {
            let admitted = try admission.admit(credential, eventIdentifier: "customer-created", body: ByteBuffer(string: #"{"a":1}"#))
            #expect(admitted.producer == "crm")
            #expect(admitted.route.event.identifier == "customer-created")
        }
        #expect(code(.key("crm-key"), "customer-created", body: "") == nil, "an empty body is accepted")
    }

    @Test("each check rejects with its code, credential first")
    func rejections() {
        #expect(code(nil, "customer-created") == .invalidKey)
        #expect(code(.key("wrong"), "customer-created") == .invalidKey)
        #expect(code(.brokerUser("guest"), "customer-created") == .invalidKey)
        #expect(code(.key("wrong"), "nope") == .invalidKey, "an unauthenticated caller learns nothing about events")
        #expect(code(.key("crm-key"), nil) == .eventIdentifierMissing)
        #expect(code(.key("crm-key"), "") == .eventIdentifierMissing)
        #expect(code(.key("crm-key"), "nope") == .unknownEvent)
        #expect(code(.key("erp-key"), "customer-created") == .notProducer)
        #expect(code(.brokerUser("erp-user"), "customer-created") == .notProducer)
        #expect(code(.key("crm-key"), "customer-created", body: "{not json") == .invalidJSON)
    }

    @Test("a rejection names the system the credential identified, never the credential")
    func rejectionNamesTheProducer() throws {
        let rejection = try #require(
            throws: EventRejection.self,
            performing: { try admission.admit(.key("erp-key"), eventIdentifier: "customer-created", body: ByteBuffer()) })
        #expect(rejection.producer == "erp")
        #expect(!rejection.message.contains("erp-key"))
        let bodyRejection = try #require(
            throws: EventRejection.self,
            performing: { try admission.admit(.key("crm-key"), eventIdentifier: "customer-created", body: ByteBuffer(string: "x")) })
        #expect(bodyRejection.producer == "crm")
        #expect(bodyRejection.description == "invalid_json: the body is not JSON")
    }

    @Test("the webhook answers every rejection with the status of spec §3")
    func webhookStatuses() {
        let statuses = EventRejection.Code.allCases.map { (code: $0.rawValue, status: WebhookIngress.status(of: $0).code) }
        #expect(statuses.map(\.code) == ["invalid_key", "event_identifier_missing", "unknown_event", "not_producer", "invalid_json"])
        #expect(statuses.map(\.status) == [401, 404, 404, 401, 400])
    }
}
