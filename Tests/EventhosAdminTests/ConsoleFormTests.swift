import EventhosCore
import EventhosJSON
import EventhosTemplates
import OrderedCollections
import Testing

@testable import EventhosAdmin
@testable import EventhosEngine

/// How console forms are read and turned into the admin API's rows.
@Suite struct ConsoleFormTests {
    @Test("a urlencoded body: + and %XX decoded, repeated names kept in order, a field without = is empty")
    func urlEncoded() {
        let form = ConsoleForm(urlEncoded: "name=Ada+Lovelace&url=http%3A%2F%2Fx%2F%24%7B.body.id%7D&message=a&message=b&flag&empty=")
        #expect(form["name"] == "Ada Lovelace")
        #expect(form["url"] == "http://x/${.body.id}")
        #expect(form.all("message") == ["a", "b"])
        #expect(form["flag"] == "" && form["empty"] == "")
        #expect(form["missing"] == nil && form.text("missing") == "")
    }

    @Test("a problem's path names the form field it is shown next to")
    func problemFields() {
        let names: Set = ["identifier", "url", "headers", "data", "security", "security.token", "backoff", "maxAttempts"]
        #expect(ConsoleActionForm.field(for: "identifier", among: names) == "identifier")
        #expect(ConsoleActionForm.field(for: "http.url", among: names) == "url")
        #expect(ConsoleActionForm.field(for: "http.headers.X-Source", among: names) == "headers")
        #expect(ConsoleActionForm.field(for: "http.data.name", among: names) == "data")
        #expect(ConsoleActionForm.field(for: "security.type", among: names) == "security")
        #expect(ConsoleActionForm.field(for: "security.token", among: names) == "security.token")
        #expect(ConsoleActionForm.field(for: "security.tokenEnv", among: names) == "security")
        #expect(ConsoleActionForm.field(for: "retry.backoff[1]", among: names) == "backoff")
        #expect(ConsoleActionForm.field(for: "", among: names) == nil)
    }

    @Test("the action form: header and param lines, the data template as JSON, a kept secret, kept extras")
    func actionJSON() throws {
        let form = ConsoleForm([
            ("name", "Create"), ("operation", "new"), ("subscriber", "billing"), ("method", "PUT"), ("url", "http://x/${.body.id}"),
            ("headers", "Content-Type: application/json\r\nX-Trace:  ${.headers.x-request-id} \n\n"), ("params", "tenant=${.query.t}"),
            ("data", #"{"id": "${.body.id}"}"#), ("timeout", "2s"), ("security", "bearer"), ("security.token", ""),
        ])
        let stored = RegistryDefinition(actions: [
            ActionDefinition(
                identifier: "create", name: "Create", operation: .new, subscriber: "billing", description: "",
                http: HTTPRequestDefinition(method: "POST", url: "http://x", headers: [:], params: [:], data: nil, timeout: .seconds(1)),
                security: .bearer(token: Secret("kept-token")), signing: nil, replyTo: nil, maxInFlight: 3, rateLimit: RateLimit(count: 5, per: .second))
        ])
        let json = try ConsoleActionForm.json(form, replacing: "create", stored: stored)
        #expect(json["http"]?["headers"] == .object(["Content-Type": .string("application/json"), "X-Trace": .string("${.headers.x-request-id}")]))
        #expect(json["http"]?["params"] == .object(["tenant": .string("${.query.t}")]))
        #expect(json["http"]?["data"] == .object(["id": .string("${.body.id}")]))
        #expect(json["security"] == .object(["type": .string("bearer"), "token": .string("kept-token")]))
        #expect(json["maxInFlight"] == .int(3) && json["rateLimit"] == .string("5/s"))
        var oauth = stored
        let grant = ActionSecurity.OAuth2ClientCredentials(
            tokenURL: "http://idp/token", clientId: "id", clientSecret: Secret("kept-secret"), extraFields: ["resource": "api"])
        oauth.actions[0].security = .oauth2ClientCredentials(grant)
        let edited = ConsoleForm(form.fields.map { ($0.name, $0.name == "security" ? "oauth2-client-credentials" : $0.value) })
        #expect(try ConsoleActionForm.json(edited, replacing: "create", stored: oauth)["security"] == .object([
            "type": .string("oauth2-client-credentials"), "clientSecret": .string("kept-secret"),
            "extraFields": .object(["resource": .string("api")]),
        ]))
        let new = try ConsoleActionForm.json(form, replacing: nil, stored: stored)
        #expect(new["security"] == .object(["type": .string("bearer")]), "a new row keeps no one's secret")

        var broken = form
        broken = ConsoleForm(form.fields.map { ($0.name, $0.name == "headers" ? "no separator" : $0.name == "data" ? "{not json" : $0.value) })
        #expect(throws: RegistryWriteError.self) { try ConsoleActionForm.json(broken, replacing: nil, stored: stored) }
        do {
            _ = try ConsoleActionForm.json(broken, replacing: nil, stored: stored)
        } catch {
            guard case .invalid(let problems) = error else { Issue.record("\(error)"); return }
            #expect(problems.map(\.path) == ["http.headers", "http.data"])
        }
    }

    @Test("the contract form: numbers as integers, the active checkbox, backoff as a list; a stored row round-trips")
    func contractJSON() throws {
        let form = ConsoleForm([
            ("name", "To billing"), ("event", "created"), ("action", "create"), ("order", "2"), ("maxAttempts", "x"),
            ("backoff", "200ms, 1s ,"),
        ])
        let json = try ConsoleContractForm.json(form, replacing: nil, stored: RegistryDefinition())
        #expect(json["order"] == .int(2))
        #expect(json["active"] == .bool(false), "an unchecked box is not sent")
        #expect(json["retry"] == .object(["maxAttempts": .string("x"), "backoff": .array([.string("200ms"), .string("1s")])]))

        let row = RegistryRowJSON.contract(
            ContractDefinition(
                identifier: "c", name: "C", event: "e", action: "a", active: true, order: 3,
                retry: RetryPolicy(maxAttempts: 4, backoff: [.milliseconds(200), .seconds(2)])))
        let again = try ConsoleContractForm.json(ConsoleContractForm.values(row), replacing: "c", stored: RegistryDefinition())
        #expect(again["active"] == .bool(true) && again["order"] == .int(3))
        #expect(again["retry"] == .object(["maxAttempts": .int(4), "backoff": .array([.string("200ms"), .string("2s")])]))
    }

    @Test("a row's facts: nested objects as dotted names, lists joined, the data template as JSON")
    func facts() {
        let row: JSONObject = [
            "identifier": .string("a"), "http": .object(["url": .string("http://x"), "headers": .object([:]), "data": .object(["id": .string("${.body.id}")])]),
            "retry": .object(["backoff": .array([.string("1s"), .string("2s")])]), "active": .bool(true),
        ]
        let facts = ConsoleFacts.facts(of: row).map { "\($0["name"]!)=\($0["value"]!)" }
        #expect(facts == [
            "identifier=a", "http.url=http://x", "http.headers=(none)", "http.data=" + JSONValue.object(["id": .string("${.body.id}")]).indentedString,
            "retry.backoff=1s, 2s", "active=true",
        ])
    }
}
