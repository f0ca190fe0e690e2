import EventhosJSON
import EventhosTemplates
import OrderedCollections
import Testing

@Suite("RequestTemplate.context")
struct TemplateContextTests {
    @Test func headersAreLowerCasedAndRepeatedOnesJoined() {
        let context = RequestTemplate.context(
            headers: [("X-Request-ID", "r1"), ("Accept", "a/b"), ("accept", "c/d")],
            query: [],
            body: .null
        )
        #expect(context["headers"] == .object(["x-request-id": .string("r1"), "accept": .string("a/b, c/d")]))
    }

    @Test func lastQueryValueWins() {
        let context = RequestTemplate.context(headers: [], query: [("t", "1"), ("T", "x"), ("t", "2")], body: .null)
        #expect(context["query"] == .object(["t": .string("2"), "T": .string("x")]))
    }

    @Test func bodyAndOAuthResponse() {
        let token: JSONValue = .object(["access_token": .string("abc")])
        let context = RequestTemplate.context(headers: [], query: [], body: .int(1), oauthResponse: token)
        #expect(context == .object(["headers": .object([:]), "query": .object([:]), "body": .int(1), "oauthResponse": token]))
        #expect(RequestTemplate.context(headers: [], query: [], body: .null)["oauthResponse"] == nil)
    }

    @Test func placeholdersReadTheContext() throws {
        let context = RequestTemplate.context(
            headers: [("X-Request-Id", "r9")],
            query: [("tenant", "acme")],
            body: .object(["items": .array([.object(["id": .int(3)])])]),
            oauthResponse: .object(["access_token": .string("tok")])
        )
        var warnings: [String] = []
        let text = try StringTemplate("${.headers.x-request-id} ${.query.tenant} ${.body.items[0].id} ${.oauthResponse.access_token}")
            .render(in: context, warnings: &warnings)
        #expect(text == "r9 acme 3 tok")
        #expect(warnings.isEmpty)
    }
}
