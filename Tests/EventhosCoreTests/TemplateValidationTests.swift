import EventhosCore
import EventhosJSON
import EventhosTemplates
import Foundation
import OrderedCollections
import Testing

/// Request templates are compiled when the configuration is read: a malformed placeholder is a
/// problem at its field's path, before anything runs. Also the OAuth `extraFields`.
@Suite struct TemplateValidationTests {
    /// The valid registry, its action's `http` replaced by `http`.
    static func action(http: String, security: String? = nil) -> String {
        validRegistry.replacingOccurrences(
            of: "    http: { method: POST, url: \"http://127.0.0.1:9000/accounts/${.body.id}\", timeout: 5s }",
            with: (["    http: \(http)"] + (security.map { ["    security: \($0)"] } ?? [])).joined(separator: "\n"))
    }

    @Test func expressionsAreAccepted() throws {
        let yaml = Self.action(
            http: #"""
                { url: "http://x/${lower(.body.id) ?? 0}", headers: { X-Name: '${upper(.body.name) ?? "anonymous"}' }, params: { q: "${trim(.query.q)}" }, data: { payload: "${json(.body)}", n: '${.body.n ?? null}' } }
                """#)
        let action = try #require(try EventhosConfiguration.parse(yaml: yaml, environment: [:]).registry.actions.first)
        #expect(action.http.headers["X-Name"] == #"${upper(.body.name) ?? "anonymous"}"#)
    }

    @Test(arguments: [
        (#"{ url: "http://x/${.body.id" }"#, "actions[0].http.url", "unclosed placeholder: '${' without '}' at character 9"),
        (
            #"{ url: "http://x/", headers: { X-Id: "${shout(.body.id)}" } }"#, "actions[0].http.headers.X-Id",
            "unknown function 'shout'; the functions are lower, upper, trim, string, json, urlencode at character 2"
        ),
        (
            #"{ url: "http://x/", params: { q: '${.query.q ?? }' } }"#, "actions[0].http.params.q",
            #"expected a path such as '.body.id', a literal such as "none" or 0, or a function call at character 14"#
        ),
        (
            #"{ url: "http://x/", data: { items: [ 1, "${body}" ] } }"#, "actions[0].http.data.items[1]",
            "a placeholder's path starts with '.', as in '${.body.id}' at character 2"
        ),
        (#"{ url: "http://x/", headers: { "Bad Name": x } }"#, "actions[0].http.headers.Bad Name", "invalid header name 'Bad Name'"),
    ])
    func malformedTemplatesAreProblemsAtTheirField(http: String, path: String, message: String) {
        let found = problems(in: Self.action(http: http))
        #expect(found.map(\.path) == [path])
        #expect(found.first?.message == message)
        #expect(found.first?.line != nil)
    }

    @Test func everyMalformedTemplateIsReportedAtOnce() {
        let http = #"{ url: "http://x/${.a ??}", headers: { A: "${.ok}", B: "${b}" }, params: { c: "${upper(}" }, data: { d: "${.d ?? 'x'}" } }"#
        #expect(problemPaths(in: Self.action(http: http)) == [
            "actions[0].http.url", "actions[0].http.headers.B", "actions[0].http.params.c", "actions[0].http.data.d",
        ])
    }

    @Test func oauthExtraFieldsAreReadInOrder() throws {
        let yaml = Self.action(
            http: #"{ url: "http://x/" }"#,
            security: #"{ type: oauth2-client-credentials, tokenUrl: "http://id/token", clientId: c, clientSecret: s, extraFields: { resource: "https://api", tenant: acme } }"#)
        let action = try #require(try EventhosConfiguration.parse(yaml: yaml, environment: [:]).registry.actions.first)
        guard case .oauth2ClientCredentials(let grant) = action.security else {
            Issue.record("not an OAuth security")
            return
        }
        #expect(Array(grant.extraFields.keys) == ["resource", "tenant"])
        #expect(grant.extraFields["resource"] == "https://api")
    }

    @Test func oauthExtraFieldsCannotReplaceTheGrantsOwn() {
        let yaml = Self.action(
            http: #"{ url: "http://x/" }"#,
            security: #"{ type: oauth2-client-credentials, tokenUrl: "http://id/token", clientId: c, clientSecret: s, extraFields: { client_secret: leak, grant_type: password, resource: x } }"#)
        let found = problems(in: yaml)
        #expect(found.map(\.path) == ["actions[0].security.extraFields.client_secret", "actions[0].security.extraFields.grant_type"])
        #expect(found.first?.message == "client_secret is written by Eventhos: it cannot be an extra field")
        #expect(problemPaths(in: yaml.replacingOccurrences(of: "client_secret: leak, grant_type: password, resource: x", with: "resource: [a]"))
            == ["actions[0].security.extraFields.resource"])
    }

    @Test func anActionWrittenThroughTheAdminAPIIsCheckedAlike() {
        let body: JSONValue = .object([
            "name": .string("Notify"), "operation": .string("new"), "subscriber": .string("billing"),
            "http": .object(["url": .string("http://x/"), "data": .object(["id": .string("${.body.id ?? }")])]),
        ])
        let problems = RegistryRowTests.problems(.action, body)
        #expect(Array(problems.keys) == ["http.data.id"])
        #expect(problems["http.data.id"]?.hasSuffix("at character 14") == true)
    }
}
