import EventhosJSON
import EventhosTemplates
import OrderedCollections
import Testing

@Suite("Placeholder expressions: ?? defaults, literals and functions")
struct TemplateExpressionTests {
    @Test(arguments: [
        (#"${.body.missing ?? "none"}"#, JSONValue.string("none")),
        (#"${.body.name ?? "none"}"#, .string("Ada")),
        (#"${.body.note ?? "none"}"#, .string("none")),
        ("${.body.missing ?? .body.note ?? .body.id}", .int(7)),
        ("${.body.missing ?? 0}", .int(0)),
        ("${.body.missing ?? -1.5}", .double(-1.5)),
        ("${.body.missing ?? true}", .bool(true)),
        ("${.body.missing ?? false}", .bool(false)),
        ("${.body.missing ?? null}", .null),
        ("${.body.missing??.query.tenant}", .string("acme")),
        (#"${ .body.missing   ??   "sp ace" }"#, .string("sp ace")),
        (#"${.body.missing ?? "a \"quoted\" }{ ?? \u00e9"}"#, .string(#"a "quoted" }{ ?? é"#)),
        (#"${.body.active ?? "x"}"#, .bool(true)),
        ("${.body.items[9] ?? .body.items[1].id}", .string("i2")),
        (#"${"literal"}"#, .string("literal")),
        ("${42}", .int(42)),
    ])
    func defaults(source: String, expected: JSONValue) throws {
        let (value, warnings) = try StringTemplate(source).renderValueCollectingWarnings()
        #expect(value == expected)
        #expect(warnings.isEmpty)
    }

    @Test func lastAlternativeMissingWarnsOnceNamingThePlaceholder() throws {
        let source = "${.body.missing ?? .body.gone}"
        let (value, warnings) = try StringTemplate(source).renderValueCollectingWarnings()
        #expect(value == .null)
        #expect(warnings == ["placeholder \(source) resolved to nothing"])
        let (text, textWarnings) = try StringTemplate("x=\(source)").renderCollectingWarnings()
        #expect(text == "x=")
        #expect(textWarnings == warnings)
    }

    @Test(arguments: [
        ("${lower(.headers.x-request-id)}", JSONValue.string("req-42")),
        ("${upper(.body.name)}", .string("ADA")),
        ("${upper(.body.address)}", .string(#"{"CITY":"LIMA","ZIP":15001}"#)),
        (#"${trim(" \t padded \n")}"#, .string("padded")),
        (#"${trim("   ")}"#, .string("")),
        ("${string(.body.id)}", .string("7")),
        ("${string(.body.name)}", .string("Ada")),
        ("${json(.body.name)}", .string(#""Ada""#)),
        ("${json(.body.tags)}", .string(#"["a","b"]"#)),
        ("${json(.body.note)}", .string("null")),
        ("${json(.body.missing ?? null)}", .string("null")),
        ("${urlencode(.body.path)}", .string("a%20b%2Fc%3Fd")),
        ("${lower(.body.note)}", .null),
        (#"${lower(.body.missing) ?? "unknown"}"#, .string("unknown")),
        (#"${lower(.body.note) ?? "unknown"}"#, .string("unknown")),
        (#"${upper(.body.missing ?? "x")}"#, .string("X")),
        (#"${upper(trim(lower(" MiXed ")))}"#, .string("MIXED")),
        (#"${ upper ( .body.name ) }"#, .string("ADA")),
    ])
    func functions(source: String, expected: JSONValue) throws {
        let (value, warnings) = try StringTemplate(source).renderValueCollectingWarnings()
        #expect(value == expected)
        #expect(warnings.isEmpty)
    }

    @Test func functionOfNothingIsNothing() throws {
        let (value, warnings) = try StringTemplate("${upper(.body.missing)}").renderValueCollectingWarnings()
        #expect(value == .null)
        #expect(warnings == ["placeholder ${upper(.body.missing)} resolved to nothing"])
    }

    @Test func expressionsInsideText() throws {
        let (text, warnings) = try StringTemplate(#"Hello ${upper(.body.name)}, ${.body.missing ?? "no"} note, id ${.body.id ?? 0}"#)
            .renderCollectingWarnings()
        #expect(text == "Hello ADA, no note, id 7")
        #expect(warnings.isEmpty)
    }

    @Test func expressionsInURLsAreEncodedOnce() throws {
        var warnings: [String] = []
        let url = try StringTemplate(#"/q/${lower(.body.path) ?? "x"}"#).renderURLComponent(in: sampleContext, warnings: &warnings)
        #expect(url == "/q/a%20b%2Fc%3Fd")
    }

    @Test(arguments: [
        (#"${.body.x ?? }"#, 13, #"expected a path such as '.body.id', a literal such as "none" or 0, or a function call"#),
        (#"${ }"#, 3, #"expected a path such as '.body.id', a literal such as "none" or 0, or a function call"#),
        (#"${?? .a}"#, 2, #"expected a path such as '.body.id', a literal such as "none" or 0, or a function call"#),
        (#"${.body.x ? "a"}"#, 10, "unexpected character '?' in placeholder"),
        (#"${.a ?? "open}"#, 8, #"unclosed string: '"' without '"'"#),
        (#"${.a ?? "bad \q"}"#, 8, #"invalid literal '"bad \q"': strings and numbers are written as in JSON"#),
        (#"${.a ?? 1.2.3}"#, 8, "invalid literal '1.2.3': strings and numbers are written as in JSON"),
        (#"${.a ?? -}"#, 8, "invalid literal '-': strings and numbers are written as in JSON"),
        (#"${shout(.body.name)}"#, 2, "unknown function 'shout'; the functions are lower, upper, trim, string, json, urlencode"),
        (#"${exec("rm -rf /")}"#, 2, "unknown function 'exec'; the functions are lower, upper, trim, string, json, urlencode"),
        (#"${lower .body.name}"#, 8, "'lower' is a function: call it as lower(.body.id)"),
        (#"${lower(.body.name}"#, 18, "expected ')' to close the call of lower"),
        (#"${lower(.body.name"#, 0, "unclosed placeholder: '${' without '}'"),
        (#"${lower(.body.name }"#, 19, "expected ')' to close the call of lower"),
        (#"${lower(.body.name ?? "x" "y")}"#, 26, "expected ')' to close the call of lower"),
        (#"${lower(upper(trim(string(.body.name))))}"#, 19, "function calls nest at most 3 deep"),
        (#"${.body.name)}"#, 12, "unexpected character ')' in placeholder"),
        (#"${Body}"#, 2, "a placeholder's path starts with '.', as in '${.body.id}'"),
        (#"${.body.name ?? .}"#, 17, "expected a name after '.'"),
    ])
    func malformed(source: String, position: Int, message: String) throws {
        let error = try #require(throws: TemplateError.self) { try StringTemplate(source) }
        #expect(error.message == message)
        #expect(error.position == position)
    }

    @Test func errorsNameTheFieldOfTheRequest() throws {
        let error = try #require(throws: TemplateError.self) {
            try RequestTemplate(
                method: "POST", url: "http://x/", headers: [:], params: [:], data: .object(["items": .array([.string("${nope(.body)}")])]))
        }
        #expect(error.description.hasPrefix("data.items[0]: unknown function 'nope'"))
        #expect(error.position == 2)
    }

    @Test func renderedTextIsBounded() throws {
        let value = String(repeating: "/", count: 100)
        let context: JSONValue = .object(["body": .object(["v": .string(value)])])
        let (text, _) = try StringTemplate("${urlencode(urlencode(urlencode(.body.v)))}").renderCollectingWarnings(in: context)
        #expect(text.utf8.count <= 27 * value.utf8.count)
        #expect(text.hasPrefix("%25252F"))
    }
}
