import EventhosCore
import EventhosJSON
import EventhosTemplates
import Foundation
import GRDB
import NIOHTTP1
import OrderedCollections
import Testing

/// The console's registry forms against a running bridge, the real broker and a real subscriber:
/// what the forms create is the registry in force (ingest and delivery follow at once).
@Suite("Console registry", .serialized)
struct ConsoleRegistryTests {
    /// Runs a bridge delivering to a subscriber, with an admin signed in to its console.
    private func withConsole(_ body: (ConsoleBrowser, TestBridge, TestSubscriber, String) async throws -> Void) async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let browser = ConsoleBrowser(base: base)
                try await browser.signIn(bridge.adminToken(.admin))
                try await body(browser, bridge, subscriber, base)
            }
        }
    }

    /// Opens `GET path` (for its csrf), posts `fields` to `path` minus `/new`, expects 303 to the row's page.
    private func create(_ browser: ConsoleBrowser, _ kind: String, _ fields: KeyValuePairs<String, String>) async throws {
        #expect(try await browser.get("/console/\(kind)/new").status == 200)
        let answer = try await browser.post("/console/\(kind)", fields)
        let identifier = fields.first { $0.key == "identifier" }?.value ?? ""
        #expect(answer.status == 303, "\(kind): \(answer.body)")
        #expect(answer.headers["location"] == ["/console/\(kind)/\(identifier)"])
        let page = try await browser.get("/console/\(kind)/\(identifier)")
        #expect(page.status == 200 && page.body.contains("<code>\(identifier)</code></h1>"))
        #expect(try await browser.get("/console/\(kind)").body.contains(#"<tr data-id="\#(identifier)">"#))
    }

    @Test("systems, an event, an action and a contract made with the forms, and a key made on the system's page, deliver an event")
    func createThroughForms() async throws {
        try await withConsole { browser, bridge, subscriber, base in
            let tag = bridge.tag
            try await create(browser, "systems", ["identifier": "shop-\(tag)", "name": "Shop", "type": "SaaS", "class": "producer"])
            try await create(browser, "systems", ["identifier": "mail-\(tag)", "name": "Mail", "type": "SaaS", "class": "subscriber"])
            try await create(
                browser, "events",
                ["identifier": "order-\(tag)", "name": "Order placed", "operation": "new", "producer": "shop-\(tag)", "description": ""])
            try await create(
                browser, "actions",
                [
                    "identifier": "notify-\(tag)", "name": "Notify", "operation": "new", "subscriber": "mail-\(tag)", "method": "PUT",
                    "url": "\(subscriber.url)/orders/${.body.id}", "headers": "Content-Type: application/json\nX-From: console",
                    "params": "source=console", "data": #"{"order": "${.body.id}"}"#, "timeout": "2s", "security": "none",
                ])
            try await create(
                browser, "contracts",
                [
                    "identifier": "shop-to-mail-\(tag)", "name": "Shop to mail", "event": "order-\(tag)", "action": "notify-\(tag)",
                    "order": "1", "active": "true", "maxAttempts": "2", "backoff": "200ms",
                ])
            let contract = try await AdminClient(base: base, token: bridge.adminToken(.viewer)).get("/contracts/shop-to-mail-\(tag)")
            #expect(contract.json?["retry"] == .object(["maxAttempts": .int(2), "backoff": .array([.string("200ms")])]))

            _ = try await browser.get("/console/systems/shop-\(tag)")
            let made = try await browser.post("/console/systems/shop-\(tag)/keys", ["name": "console"])
            #expect(made.status == 201)
            let key = try #require(Self.text(of: #"<code id="new-key">"#, in: made.body))
            #expect(key.hasPrefix("ehk_"))
            #expect(made.body.contains(#"<tr data-key="console">"#) && made.body.contains(#"class="revoke-key inline""#))
            #expect(!(try await browser.get("/console/systems/shop-\(tag)").body.contains(key)), "the key is shown once")

            let sent = try await HTTP.post(
                base + "/event/send?event-identifier=order-\(tag)", body: #"{"id": 7}"#, headers: [("access-key", key)])
            #expect(sent.status == 202, "\(sent.body)")
            let delivered = try #require(try await subscriber.wait(for: "/orders/7").first)
            #expect(delivered.method == "PUT" && delivered.headers["x-from"] == "console" && delivered.query == ["source": "console"])
            #expect(delivered.body == #"{"order":7}"#)

            _ = try await browser.get("/console/systems/shop-\(tag)")
            let revoked = try await browser.post("/console/systems/shop-\(tag)/keys/console/revoke", [:])
            #expect(revoked.status == 303)
            let refused = try await HTTP.post(
                base + "/event/send?event-identifier=order-\(tag)", body: #"{"id": 8}"#, headers: [("access-key", key)])
            #expect(refused.status == 401, "a revoked key is refused at once")
        }
    }

    @Test("a refused form: 422, div#flash.error with the field's path, the error next to the field, the typed values kept")
    func validation() async throws {
        try await withConsole { browser, bridge, _, base in
            _ = try await browser.get("/console/systems/new")
            let bad = try await browser.post("/console/systems", ["identifier": "Not an identifier!", "name": "Bad", "class": "producer"])
            #expect(bad.status == 422)
            #expect(bad.body.contains(#"<div id="flash" class="error""#) && bad.body.contains("identifier: "))
            #expect(bad.body.contains(#"<div class="field error">"#))
            #expect(bad.body.contains(#"value="Not an identifier!""#))
            #expect(bad.body.contains(#"<form id="system-form""#))

            let taken = try await browser.post("/console/systems", ["identifier": "\(bridge.tag)-crm", "name": "Again", "class": "producer"])
            #expect(taken.status == 422 && taken.body.contains("already exists"))

            _ = try await browser.get("/console/actions/new")
            let action = try await browser.post(
                "/console/actions",
                [
                    "name": "Broken", "operation": "new", "subscriber": "\(bridge.tag)-billing", "method": "POST", "url": "ftp://nowhere",
                    "headers": "no separator", "data": "{", "security": "bearer",
                ])
            #expect(action.status == 422)
            #expect(action.body.contains("http.headers: line 1"), "\(action.body)")
            #expect(action.body.contains("http.data: "))

            _ = try await browser.get("/console/actions/new")
            let template = try await browser.post(
                "/console/actions",
                ["name": "Broken", "operation": "new", "subscriber": "\(bridge.tag)-billing", "url": "ftp://nowhere", "security": "bearer"])
            #expect(template.status == 422)
            #expect(template.body.contains("http.url: ") && template.body.contains("token or tokenEnv is required"), "\(template.body)")
            let admin = AdminClient(base: base, token: bridge.adminToken(.admin))
            #expect(try await admin.get("/actions/broken-new").status == 404)
        }
    }

    @Test("try it sends the form's request with a sample body and shows it resolved, the bearer token masked; nothing is saved")
    func tryIt() async throws {
        try await withConsole { browser, bridge, subscriber, base in
            let page = try await browser.get("/console/actions/new")
            #expect(page.body.contains(#"<textarea id="sample-body" name="sampleBody""#) && page.body.contains(#"<button id="try-it""#))
            let answer = try await browser.post(
                "/console/actions/try",
                [
                    "identifier": "try-\(bridge.tag)", "name": "Try", "operation": "new", "subscriber": "\(bridge.tag)-billing",
                    "method": "POST", "url": "\(subscriber.url)/accounts/${.body.id}", "headers": "X-Name: ${.body.name}",
                    "security": "bearer", "security.token": "tok-\(bridge.tag)", "sampleBody": #"{"id": 7, "name": "Try"}"#,
                ])
            #expect(answer.status == 200, "\(answer.body)")
            let resolved = try #require(Self.text(of: #"<pre id="resolved-request">"#, in: answer.body))
            #expect(resolved.hasPrefix("POST \(subscriber.url)/accounts/7"))
            #expect(resolved.contains("X-Name: Try") && resolved.contains("Authorization: ***"))
            let response = try #require(Self.text(of: #"<pre id="try-response">"#, in: answer.body))
            #expect(response.hasPrefix("HTTP 200"))
            #expect(!answer.body.contains("tok-\(bridge.tag)"), "the token is neither resolved nor echoed in the form")
            let received = try #require(subscriber.requests(at: "/accounts/7").first)
            #expect(received.headers["authorization"] == "Bearer tok-\(bridge.tag)")
            #expect(answer.body.contains(#"value="try-\#(bridge.tag)""#), "the form keeps what was typed")
            #expect(try await AdminClient(base: base, token: bridge.adminToken(.admin)).get("/actions/try-\(bridge.tag)").status == 404)
        }
    }

    @Test("editing an action keeps its stored secret when the field is left empty, and what the form does not show")
    func editKeepsSecrets() async throws {
        try await withConsole { browser, bridge, subscriber, base in
            let admin = AdminClient(base: base, token: bridge.adminToken(.admin))
            let created = try await admin.post(
                "/actions",
                #"{"identifier": "secret-\#(bridge.tag)", "name": "Secret", "operation": "new", "subscriber": "\#(bridge.tag)-billing", "maxInFlight": 3, "http": {"url": "\#(subscriber.url)/old"}, "security": {"type": "bearer", "token": "kept-\#(bridge.tag)"}}"#
            )
            #expect(created.status == 201, "\(created.body)")
            let page = try await browser.get("/console/actions/secret-\(bridge.tag)")
            #expect(!page.body.contains("kept-\(bridge.tag)"))
            #expect(page.body.contains(#"<form id="action-form""#) && page.body.contains("Leave empty to keep the stored one."))
            let fields: KeyValuePairs<String, String> = [
                "name": "Secret", "operation": "new", "subscriber": "\(bridge.tag)-billing", "method": "POST",
                "url": "\(subscriber.url)/new/${.body.id}", "security": "bearer", "security.token": "", "sampleBody": #"{"id": 1}"#,
            ]
            let tried = try await browser.post("/console/actions/secret-\(bridge.tag)/try", fields)
            #expect(tried.status == 200, "\(tried.body)")
            let saved = try await browser.post("/console/actions/secret-\(bridge.tag)", fields)
            #expect(saved.status == 303, "\(saved.body)")
            #expect(try await subscriber.wait(for: "/new/1").first?.headers["authorization"] == "Bearer kept-\(bridge.tag)")
            let row = try await admin.get("/actions/secret-\(bridge.tag)")
            #expect(row.json?["http"]?["url"] == .string("\(subscriber.url)/new/${.body.id}"))
            let limits = try AuditReader(path: bridge.storePath).rows(
                "SELECT max_in_flight FROM action WHERE identifier = ?", ["secret-\(bridge.tag)"])
            #expect(limits.first?["max_in_flight"] == 3)
        }
    }

    @Test("the contract's toggle deactivates and activates it; delete is refused while a row is in use")
    func toggleAndDelete() async throws {
        try await withConsole { browser, bridge, _, base in
            let admin = AdminClient(base: base, token: bridge.adminToken(.viewer))
            let page = try await browser.get("/console/contracts/\(bridge.contract)")
            #expect(page.body.contains(#"data-active="true""#) && page.body.contains("Deactivate</button>"))
            #expect(try await browser.post("/console/contracts/\(bridge.contract)/active", ["active": "false"]).status == 303)
            #expect(try await admin.get("/contracts/\(bridge.contract)").json?["active"] == .bool(false))
            let inactive = try await browser.get("/console/contracts/\(bridge.contract)")
            #expect(inactive.body.contains(#"data-active="false""#) && inactive.body.contains("Activate</button>"))
            #expect(inactive.body.contains(#"<div id="flash" class="info""#), "the redirect's flash is shown once")
            #expect(try await browser.post("/console/contracts/\(bridge.contract)/active", ["active": "true"]).status == 303)
            #expect(try await admin.get("/contracts/\(bridge.contract)").json?["active"] == .bool(true))
            #expect(try await browser.get("/console/contracts/\(bridge.contract)").body.contains(#"id="flash""#))
            #expect(!(try await browser.get("/console/contracts/\(bridge.contract)").body.contains(#"id="flash""#)))

            let refused = try await browser.post("/console/events/\(bridge.event)/delete", [:])
            #expect(refused.status == 303)
            let shown = try await browser.get("/console/events/\(bridge.event)")
            #expect(shown.body.contains(#"<div id="flash" class="error""#) && shown.body.contains("in use by"))
            #expect(try await browser.post("/console/events/\(bridge.tag)-quiet/delete", [:]).headers["location"] == ["/console/events"])
            #expect(try await admin.get("/events/\(bridge.tag)-quiet").status == 404)
        }
    }

    @Test("the contract's page pauses and resumes it and shows its queue; its form edits the filter and keeps the status policy")
    func pauseAndDeliveryControl() async throws {
        try await withConsole { browser, bridge, _, base in
            let admin = AdminClient(base: base, token: bridge.adminToken(.admin))
            let page = try await browser.get("/console/contracts/\(bridge.contract)")
            #expect(page.body.contains(#"data-paused="false""#) && page.body.contains(#"id="queue-depth""#))
            #expect(try await browser.post("/console/contracts/\(bridge.contract)/pause", [:]).status == 303)
            #expect(try await admin.get("/contracts/\(bridge.contract)").json?["pause"]?["reason"]?.stringValue == "operator")
            #expect(try await browser.get("/console/contracts/\(bridge.contract)").body.contains(#"data-paused="true""#))
            #expect(try await browser.post("/console/contracts/\(bridge.contract)/resume", [:]).status == 303)
            #expect(try await admin.get("/contracts/\(bridge.contract)").json?["pause"] == .null)

            let policy = #"{"success": ["2xx", "409"]}"#
            let put = try await admin.put(
                "/contracts/\(bridge.contract)",
                #"{"name": "CRM to billing", "event": "\#(bridge.event)", "action": "\#(bridge.tag)-create-account", "responses": \#(policy)}"#)
            #expect(put.status == 200, "\(put.body)")
            let fields: KeyValuePairs<String, String> = [
                "name": "CRM to billing", "event": bridge.event, "action": "\(bridge.tag)-create-account", "active": "true",
                "filter": #"{"body.total": {"$gte": 1000}}"#, "maxAge": "2h",
            ]
            #expect(try await browser.post("/console/contracts/\(bridge.contract)", fields).status == 303)
            let row = try await admin.get("/contracts/\(bridge.contract)").json
            #expect(row?["filter"]?["body.total"]?["$gte"] == .int(1000) && row?["maxAge"] == .string("2h"))
            #expect(row?["responses"]?["success"] == .array([.string("2xx"), .string("409")]), "the form keeps what it does not show")
            let refused = try await browser.post(
                "/console/contracts/\(bridge.contract)",
                ["name": "CRM to billing", "event": bridge.event, "action": "\(bridge.tag)-create-account", "filter": #"{"size": 3}"#])
            #expect(refused.status == 422 && refused.body.contains("filter.size"), "\(refused.status)")
        }
    }

    /// The text of the element that `opening` starts, HTML entities decoded.
    static func text(of opening: String, in html: String) -> String? {
        guard let start = html.range(of: opening), let end = html[start.upperBound...].range(of: "</") else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
