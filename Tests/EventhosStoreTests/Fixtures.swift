import EventhosCore
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Foundation
import OrderedCollections

/// Sample registry and audit records.
enum Fixtures {
    static let producerKey = "crm-plaintext-producer-key-7f3a9"
    static let clientSecret = "billing-plaintext-client-secret-42c1"

    static var registry: RegistryDefinition {
        RegistryDefinition(
            systems: [
                SystemDefinition(
                    identifier: "crm", name: "CRM", type: "SaaS", systemClass: .producer,
                    keys: [ProducerKeyDefinition(name: "default", hash: ProducerKeyHash(key: producerKey))]),
                SystemDefinition(identifier: "billing", name: "Billing", type: "ERP", systemClass: .subscriber),
            ],
            events: [
                EventDefinition(
                    identifier: "customer-created", name: "Customer created", operation: .new, producer: "crm")
            ],
            actions: [
                ActionDefinition(
                    identifier: "create-account", name: "Create account", operation: .new, subscriber: "billing",
                    http: HTTPRequestDefinition(
                        method: "POST", url: "http://127.0.0.1:9000/accounts/${.body.id}",
                        headers: ["Content-Type": "application/json", "X-Source": "${.headers.x-request-id}"],
                        params: ["tenant": "${.query.tenant}"],
                        data: .object(["name": .string("${.body.name}"), "raw": .string("${.body}"), "n": .int(42)]),
                        timeout: .milliseconds(2500)),
                    security: .oauth2ClientCredentials(
                        .init(
                            tokenURL: "http://127.0.0.1:9000/token", clientId: "eventhos",
                            clientSecret: Secret(clientSecret), scope: "accounts",
                            extraFields: ["resource": "https://api.example/billing", "tenant": "acme"])))
            ],
            contracts: [
                ContractDefinition(
                    identifier: "crm-to-billing", name: "CRM customer to billing", event: "customer-created",
                    action: "create-account", order: 2,
                    retry: RetryPolicy(maxAttempts: 8, backoff: [.milliseconds(250), .seconds(5)]))
            ])
    }

    /// A fixed instant with whole milliseconds, as the store keeps them.
    static let epoch = Date(timeIntervalSince1970: 1_800_000_000.123)

    static func received(_ id: String, at date: Date = epoch) -> ReceivedEventRecord {
        ReceivedEventRecord(
            id: id, eventIdentifier: "customer-created", source: .webhook, producer: "crm",
            headers: .object(["x-request-id": .string("r-\(id)"), "content-type": .string("application/json")]),
            query: .object(["tenant": .string("acme")]), body: #"{"id": 7, "name": "Ada"}"#, receivedAt: date)
    }

    static func tried(
        _ receivedEventId: String, attempt: Int, state: ExecutionState, outcome: TryOutcome, status: Int = 503,
        at date: Date = epoch
    ) -> DeliveryTryRecord {
        DeliveryTryRecord(
            contract: "crm-to-billing", receivedEventId: receivedEventId, attempt: attempt, detailState: state,
            outcome: outcome,
            request: RecordedRequest(
                method: "POST", url: "http://127.0.0.1:9000/accounts/7",
                headers: [("content-type", "application/json")], body: #"{"name":"Ada"}"#),
            response: RecordedResponse(
                status: status, headers: [("retry-after", "1")], body: "busy", truncated: false),
            warnings: attempt == 1 ? ["${.body.missing} resolved to nothing"] : [],
            executedAt: date, finishedAt: date.addingTimeInterval(0.125))
    }
}
