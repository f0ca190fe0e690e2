import EventhosJSON
import EventhosTemplates
import Foundation
import GRDB
import OrderedCollections
import Testing

/// Placeholder expressions and the OAuth template context, through a real broker, a real subscriber
/// and a real token endpoint (the subscriber's `/token-*` paths).
@Suite("Template expressions and OAuth requests through real deliveries", .serialized)
struct TemplateDeliveryTests {
    @Test("?? defaults and functions render as the subscriber receives them, without warnings")
    func expressions() async throws {
        try await withSubscriber { subscriber in
            let url = subscriber.url
            let bridge = try TestBridge(
                subscriberURL: url,
                actions: #"""
                      - identifier: "{tag}-expressions"
                        name: Expressions
                        operation: new
                        subscriber: "{tag}-billing"
                        http:
                          url: '\#(url)/expr/${lower(.body.code) ?? "none"}'
                          headers: { X-Name: '${upper(trim(.body.name)) ?? "anonymous"}', X-Tenant: '${.query.tenant ?? "default"}' }
                          data: { id: '${string(.body.id)}', note: '${.body.note ?? .body.name ?? "no note"}', items: '${json(.body.items) ?? "[]"}', gone: '${.body.gone ?? null}', q: '${urlencode(.body.code) ?? ""}' }
                          timeout: 2s
                    """#,
                contracts: #"  - { identifier: "{tag}-to-expressions", name: Expressions, event: "{tag}-customer-created", action: "{tag}-expressions" }"#)
            try await bridge.run { base in
                let full = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)&tenant=acme",
                    body: #"{"id": 7, "code": "AB C", "name": "  Ada ", "note": null, "items": [1, 2]}"#, headers: [("access-key", bridge.key)])
                let fullId = try #require(full.json?["receivedEventId"]?.stringValue)
                let first = try #require(try await subscriber.wait(for: "/expr/ab%20c").first)
                #expect(first.headers["x-name"] == "ADA")
                #expect(first.headers["x-tenant"] == "acme")
                #expect(
                    try JSONParser.parse(Array(first.body.utf8))
                        == .object([
                            "id": .string("7"), "note": .string("  Ada "), "items": .string("[1,2]"), "gone": .null,
                            "q": .string("AB%20C"),
                        ]))

                _ = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 8}"#, headers: [("access-key", bridge.key)])
                let second = try #require(try await subscriber.wait(for: "/expr/none").first)
                #expect(second.headers["x-name"] == "anonymous")
                #expect(second.headers["x-tenant"] == "default")
                #expect(
                    try JSONParser.parse(Array(second.body.utf8))
                        == .object([
                            "id": .string("8"), "note": .string("no note"), "items": .string("[]"), "gone": .null, "q": .string(""),
                        ]))

                let audit = AuditReader(path: bridge.storePath)
                let warnings = try await eventually {
                    let rows = try audit.rows(
                        """
                        SELECT t.warnings FROM contract_exc_try t JOIN contract_exc_detail d ON t.contract_exc_detail_id = d.id
                        JOIN contract c ON c.id = d.contract_id WHERE d.received_event_id = ? AND c.identifier = ?
                        """, [fullId, "\(bridge.tag)-to-expressions"])
                    return rows.first.map { $0["warnings"] as String? }
                }
                #expect(warnings.map { $0 == nil || $0 == "[]" } == true, "no placeholder came to nothing: \(String(describing: warnings))")
            }
        }
    }

    @Test("OAuth: extra form fields, the token response's headers in templates, and an Authorization the action sets itself")
    func oauthRequests() async throws {
        try await withSubscriber { subscriber in
            let url = subscriber.url
            for path in ["/token-a", "/token-b"] {
                subscriber.respond(path, json: #"{"access_token":"access\#(path)-{n}","token_type":"Bearer","expires_in":3600}"#)
            }
            let bridge = try TestBridge(
                subscriberURL: url,
                actions: #"""
                      - { identifier: "{tag}-extra", name: Extra, operation: new, subscriber: "{tag}-billing", http: { url: "\#(url)/extra", headers: { X-Token-Content-Type: "${.oauthResponse.headers.content-type}" }, timeout: 2s }, security: { type: oauth2-client-credentials, tokenUrl: "\#(url)/token-a", clientId: eventhos, clientSecret: "client-secret-{tag}", extraFields: { resource: "https://api.example/billing", tenant: "acme & co" } } }
                      - { identifier: "{tag}-own", name: Own, operation: new, subscriber: "{tag}-billing", http: { url: "\#(url)/own", headers: { Authorization: "Token ${.oauthResponse.body.access_token}" }, timeout: 2s }, security: { type: oauth2-client-credentials, tokenUrl: "\#(url)/token-b", clientId: eventhos, clientSecret: "client-secret-{tag}" } }
                    """#,
                contracts: #"""
                      - { identifier: "{tag}-to-extra", name: Extra, event: "{tag}-customer-created", action: "{tag}-extra" }
                      - { identifier: "{tag}-to-own", name: Own, event: "{tag}-customer-created", action: "{tag}-own" }
                    """#)
            try await bridge.run { base in
                _ = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 1}"#, headers: [("access-key", bridge.key)])

                let tokenRequest = try #require(try await subscriber.wait(for: "/token-a").first)
                #expect(
                    tokenRequest.body
                        == "grant_type=client_credentials&client_id=eventhos&client_secret=client-secret-\(bridge.tag)"
                        + "&resource=https%3A%2F%2Fapi.example%2Fbilling&tenant=acme%20%26%20co")
                let extra = try #require(try await subscriber.wait(for: "/extra").first)
                #expect(extra.headers["authorization"] == "Bearer access/token-a-1")
                #expect(extra.headers["x-token-content-type"] == "application/json", "the token response's headers reach templates")

                let own = try #require(try await subscriber.wait(for: "/own").first)
                #expect(own.headers["authorization"] == "Token access/token-b-1", "the action's own Authorization is kept")
            }
        }
    }
}
