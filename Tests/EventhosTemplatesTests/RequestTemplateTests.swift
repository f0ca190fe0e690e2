import EventhosJSON
import EventhosTemplates
import OrderedCollections
import Testing

@Suite("RequestTemplate")
struct RequestTemplateTests {
    private func template(
        method: String = "POST",
        url: String = "http://127.0.0.1:9000/hook",
        headers: OrderedDictionary<String, String> = [:],
        params: OrderedDictionary<String, String> = [:],
        data: JSONValue? = nil
    ) throws -> RequestTemplate {
        try RequestTemplate(method: method, url: url, headers: headers, params: params, data: data)
    }

    @Test func theExampleOfTheSpecification() throws {
        let template = try self.template(
            url: "http://127.0.0.1:9000/accounts/${.body.id}",
            headers: ["Content-Type": "application/json", "X-Source": "${.headers.x-request-id}"],
            params: ["tenant": "${.query.tenant}"],
            data: .object(["name": .string("${.body.name}"), "raw": .string("${.body}")])
        )
        let body: JSONValue = .object(["id": .int(42), "name": .string("Ada Lovelace"), "tags": .array([.bool(true)])])
        let context = RequestTemplate.context(
            headers: [("X-Request-ID", "req-1"), ("Content-Type", "application/json")],
            query: [("tenant", "acme corp")],
            body: body
        )
        let request = template.render(context: context, receivedBody: body.serialized())
        #expect(request.method == "POST")
        #expect(request.url == "http://127.0.0.1:9000/accounts/42?tenant=acme%20corp")
        #expect(request.headers == [
            .init(name: "Content-Type", value: "application/json"),
            .init(name: "X-Source", value: "req-1"),
        ])
        let sent = try JSONParser.parse(try #require(request.body))
        #expect(sent == .object(["name": .string("Ada Lovelace"), "raw": body]))
        #expect(String(decoding: try #require(request.body), as: UTF8.self)
            == #"{"name":"Ada Lovelace","raw":{"id":42,"name":"Ada Lovelace","tags":[true]}}"#)
        #expect(request.warnings.isEmpty)
    }

    @Test func urlPlaceholdersArePercentEncoded() throws {
        let request = try self.template(url: "http://h/files/${.body.path}/raw").render(context: sampleContext, receivedBody: [])
        #expect(request.url == "http://h/files/a%20b%2Fc%3Fd/raw")
    }

    @Test(arguments: [
        ("http://h/x", "http://h/x?tenant=acme&q=a%20b%26c%3D"),
        ("http://h/x?a=1", "http://h/x?a=1&tenant=acme&q=a%20b%26c%3D"),
        ("http://h/x?", "http://h/x?tenant=acme&q=a%20b%26c%3D"),
        ("http://h/x?a=1&", "http://h/x?a=1&tenant=acme&q=a%20b%26c%3D"),
        ("http://h/x#top", "http://h/x?tenant=acme&q=a%20b%26c%3D#top"),
        ("http://h/x?a=1#top", "http://h/x?a=1&tenant=acme&q=a%20b%26c%3D#top"),
    ])
    func paramsMergeWithTheURLQuery(url: String, expected: String) throws {
        let context: JSONValue = .object(["query": .object(["tenant": .string("acme")]), "body": .string("a b&c=")])
        let request = try self.template(url: url, params: ["tenant": "${.query.tenant}", "q": "${.body}"])
            .render(context: context, receivedBody: [])
        #expect(request.url == expected)
    }

    @Test func paramNamesAreEncodedToo() throws {
        let request = try self.template(params: ["a b": "é"]).render(context: sampleContext, receivedBody: [])
        #expect(request.url == "http://127.0.0.1:9000/hook?a%20b=%C3%A9")
    }

    @Test func withoutDataTheReceivedBodyIsForwardedAsItIs() throws {
        let received = Array(#"{ "spaces" : [1, 2] }"#.utf8)
        let template = try self.template()
        #expect(template.render(context: sampleContext, receivedBody: received).body == received)
        #expect(template.render(context: sampleContext, receivedBody: []).body == nil)
    }

    @Test func dataReplacesTheReceivedBody() throws {
        let request = try self.template(data: .array([.string("${.body.id}"), .string("${.body.missing}")]))
            .render(context: sampleContext, receivedBody: Array("ignored".utf8))
        #expect(request.body == Array("[7,null]".utf8))
        #expect(request.warnings == ["placeholder ${.body.missing} resolved to nothing"])
    }

    @Test func warningsComeFromEveryPart() throws {
        let request = try self.template(
            url: "http://h/${.body.a}",
            headers: ["X-B": "${.body.b}"],
            params: ["c": "${.body.c}"],
            data: .string("${.body.d}")
        ).render(context: sampleContext, receivedBody: [])
        #expect(request.url == "http://h/?c=")
        #expect(request.headers == [.init(name: "X-B", value: "")])
        #expect(request.body == Array("null".utf8))
        #expect(request.warnings == ["a", "b", "c", "d"].map { "placeholder ${.body.\($0)} resolved to nothing" })
    }

    @Test func lineBreaksFromPlaceholdersNeverReachHeaders() throws {
        let context: JSONValue = .object(["body": .object(["v": .string("a\r\nInjected: yes")])])
        let request = try self.template(headers: ["X-V": "${.body.v}"]).render(context: context, receivedBody: [])
        #expect(request.headers == [.init(name: "X-V", value: "a Injected: yes")])
        #expect(request.warnings == ["header X-V: line breaks in the rendered value replaced by spaces"])
    }

    /// An action's request that does not compile, and the error it gives.
    struct Malformed: Sendable {
        var method = "POST"
        var url = "http://h"
        var headers: OrderedDictionary<String, String> = [:]
        var params: OrderedDictionary<String, String> = [:]
        var data: JSONValue?
        let error: String
    }

    @Test(arguments: [
        Malformed(url: "https://h/${.body", error: "url: unclosed placeholder: '${' without '}' at character 10"),
        Malformed(
            headers: ["X-Source": "${body}"],
            error: "headers.X-Source: a placeholder's path starts with '.', as in '${.body.id}' at character 2"
        ),
        Malformed(
            params: ["tenant": "${.query.t[x]}"],
            error: "params.tenant: an array index is digits between '[' and ']', as in '[0]' at character 10"
        ),
        Malformed(data: .object(["raw": .string("${}")]), error: "data.raw: empty placeholder '${}' at character 0"),
        Malformed(data: .string("${"), error: "data: unclosed placeholder: '${' without '}' at character 0"),
        Malformed(headers: ["Bad Name": "x"], error: "headers.Bad Name: invalid header name 'Bad Name'"),
        Malformed(headers: ["X-A": "one\ntwo"], error: "headers.X-A: line break in header value at character 3"),
        Malformed(method: "GET /", error: "method: invalid HTTP method 'GET /'"),
        Malformed(method: "", error: "method: invalid HTTP method ''"),
    ])
    func compileErrorsNameTheField(malformed: Malformed) throws {
        let error = try #require(throws: TemplateError.self) {
            try self.template(
                method: malformed.method,
                url: malformed.url,
                headers: malformed.headers,
                params: malformed.params,
                data: malformed.data
            )
        }
        #expect(error.description == malformed.error)
    }

    @Test func constantTemplatesRenderAsWritten() throws {
        let request = try self.template(
            method: "PUT",
            url: "http://h/a%20b?x=$${y}",
            headers: ["Authorization": "Bearer $$"],
            data: .object(["n": .int(1)])
        ).render(context: .null, receivedBody: [])
        #expect(request == RenderedRequest(
            method: "PUT",
            url: "http://h/a%20b?x=${y}",
            headers: [.init(name: "Authorization", value: "Bearer $$")],
            body: Array(#"{"n":1}"#.utf8),
            warnings: []
        ))
    }
}
