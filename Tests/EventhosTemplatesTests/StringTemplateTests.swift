import EventhosJSON
import EventhosTemplates
import OrderedCollections
import Testing

@Suite("StringTemplate rendering")
struct StringTemplateTests {
    @Test(arguments: [
        ("${.body.id}", JSONValue.int(7)),
        ("${.body.price}", .double(9.5)),
        ("${.body.active}", .bool(true)),
        ("${.body.note}", .null),
        ("${.body.name}", .string("Ada")),
        ("${.body.tags}", .array([.string("a"), .string("b")])),
        ("${.body.address}", .object(["city": .string("Lima"), "zip": .int(15001)])),
        ("${.body.items[0].grid[0][1]}", .int(2)),
        ("${.headers.x-request-id}", .string("req-42")),
    ])
    func wholeValueKeepsItsType(source: String, expected: JSONValue) throws {
        let (value, warnings) = try StringTemplate(source).renderValueCollectingWarnings()
        #expect(value == expected)
        #expect(warnings.isEmpty)
    }

    @Test func wholeBody() throws {
        let (value, _) = try StringTemplate("${.body}").renderValueCollectingWarnings()
        #expect(value == sampleContext["body"])
    }

    @Test(arguments: [
        ("id=${.body.id}", "id=7"),
        ("price=${.body.price}", "price=9.5"),
        ("active=${.body.active}", "active=true"),
        ("note=${.body.note}", "note=null"),
        ("name=${.body.name}", "name=Ada"),
        ("tags=${.body.tags}", #"tags=["a","b"]"#),
        ("addr=${.body.address}", #"addr={"city":"Lima","zip":15001}"#),
        ("${.body.name} ${.body.id}", "Ada 7"),
        ("${.body.items[1].id}-${.query.tenant}", "i2-acme"),
        (" ${.body.id}", " 7"),
    ])
    func interpolation(source: String, expected: String) throws {
        let template = try StringTemplate(source)
        let (text, warnings) = template.renderCollectingWarnings()
        #expect(text == expected)
        #expect(warnings.isEmpty)
        #expect(template.renderValueCollectingWarnings().0 == .string(expected))
    }

    @Test(arguments: [
        "${.body.missing}", "${.body.items[5].id}", "${.body.items[0].id.deeper}", "${.body.tags.first}",
        "${.body.name[0]}", "${.nothing}",
    ])
    func missingWholeValueIsNullWithAWarning(source: String) throws {
        let (value, warnings) = try StringTemplate(source).renderValueCollectingWarnings()
        #expect(value == .null)
        #expect(warnings == ["placeholder \(source) resolved to nothing"])
    }

    @Test func missingInTextIsEmptyWithAWarning() throws {
        let (text, warnings) = try StringTemplate("id=${.body.missing};n=${.body.name}").renderCollectingWarnings()
        #expect(text == "id=;n=Ada")
        #expect(warnings == ["placeholder ${.body.missing} resolved to nothing"])
    }

    @Test(arguments: [
        ("plain text", "plain text"),
        ("", ""),
        ("cost: 5$", "cost: 5$"),
        ("$ {.body.id}", "$ {.body.id}"),
        ("$$", "$$"),
        ("{.body.id}", "{.body.id}"),
        ("$${.body.id}", "${.body.id}"),
        ("a $${ b", "a ${ b"),
        ("$$${.body.id}", "$${.body.id}"),
        ("$$${.body.id}$${", "$${.body.id}${"),
    ])
    func literalDollars(source: String, expected: String) throws {
        let template = try StringTemplate(source)
        #expect(template.isConstant)
        #expect(template.renderCollectingWarnings().0 == expected)
        #expect(template.renderValueCollectingWarnings().0 == .string(expected))
    }

    @Test func escapedDollarBeforeAPlaceholder() throws {
        let template = try StringTemplate("$${x}=${.body.id}")
        #expect(!template.isConstant)
        #expect(template.renderCollectingWarnings().0 == "${x}=7")
    }

    @Test func sourceIsKept() throws {
        #expect(try StringTemplate("a ${.body.id}").source == "a ${.body.id}")
    }

    @Test func unicodeNamesAndText() throws {
        let context: JSONValue = .object(["body": .object(["prénom": .string("Zoë 😀")])])
        let (text, _) = try StringTemplate("¡Hola ${.body.prénom}!").renderCollectingWarnings(in: context)
        #expect(text == "¡Hola Zoë 😀!")
    }

    @Test(arguments: [
        ("${.body.path}", "a%20b%2Fc%3Fd"),
        ("/accounts/${.body.path}/x", "/accounts/a%20b%2Fc%3Fd/x"),
        ("${.body.id}", "7"),
        ("${.body.tags}", "%5B%22a%22%2C%22b%22%5D"),
        ("/a b/${.body.name}", "/a b/Ada"),
    ])
    func urlComponentEncodesPlaceholdersOnly(source: String, expected: String) throws {
        var warnings: [String] = []
        #expect(try StringTemplate(source).renderURLComponent(in: sampleContext, warnings: &warnings) == expected)
    }

    @Test(arguments: [(".", "%2E"), ("..", "%2E%2E"), ("...", "..."), ("a.b", "a.b"), ("é~", "%C3%A9~")])
    func urlComponentNeverClimbsThePath(value: String, expected: String) throws {
        var warnings: [String] = []
        let context: JSONValue = .object(["body": .object(["id": .string(value)])])
        #expect(try StringTemplate("/files/${.body.id}").renderURLComponent(in: context, warnings: &warnings) == "/files/\(expected)")
    }
}
