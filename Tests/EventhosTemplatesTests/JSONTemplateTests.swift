import EventhosJSON
import EventhosTemplates
import OrderedCollections
import Testing

@Suite("JSONTemplate")
struct JSONTemplateTests {
    private func render(_ value: JSONValue) throws -> (JSONValue, [String]) {
        var warnings: [String] = []
        let rendered = try JSONTemplate(value).render(in: sampleContext, warnings: &warnings)
        return (rendered, warnings)
    }

    @Test func nestedObjectsAndArrays() throws {
        let (value, warnings) = try self.render(.object([
            "user": .object(["id": .string("${.body.id}"), "label": .string("#${.body.id} ${.body.name}")]),
            "list": .array([.string("${.body.active}"), .int(1), .object(["city": .string("${.body.address.city}")])]),
            "fixed": .object(["n": .double(1.5), "s": .string("$${not}")]),
            "${.body.name}": .string("keys are not templates"),
        ]))
        #expect(value == .object([
            "user": .object(["id": .int(7), "label": .string("#7 Ada")]),
            "list": .array([.bool(true), .int(1), .object(["city": .string("Lima")])]),
            "fixed": .object(["n": .double(1.5), "s": .string("${not}")]),
            "${.body.name}": .string("keys are not templates"),
        ]))
        #expect(warnings.isEmpty)
    }

    @Test func wholeBodyAndMissingValues() throws {
        let (value, warnings) = try self.render(.object(["raw": .string("${.body}"), "gone": .string("${.body.gone}")]))
        #expect(value == .object(["raw": sampleContext["body"]!, "gone": .null]))
        #expect(warnings == ["placeholder ${.body.gone} resolved to nothing"])
    }

    @Test func topLevelString() throws {
        #expect(try self.render(.string("${.body.tags}")).0 == .array([.string("a"), .string("b")]))
    }

    @Test(arguments: [
        (JSONValue.string("${body}"), ""),
        (.object(["name": .string("${.body")]), "name"),
        (.object(["data": .object(["items": .array([.int(1), .object(["id": .string("${}")])])])]), "data.items[1].id"),
        (.array([.string("ok"), .string("${.a[x]}")]), "[1]"),
    ])
    func errorsNameThePathOfTheBadString(value: JSONValue, path: String) throws {
        let error = try #require(throws: TemplateError.self) { try JSONTemplate(value) }
        #expect(error.path == path)
        #expect(error.position != nil)
    }

    @Test func errorDescriptionHasPathAndPosition() throws {
        let error = try #require(throws: TemplateError.self) {
            try JSONTemplate(.object(["name": .string("hi ${.body")]))
        }
        #expect(error.description == "name: unclosed placeholder: '${' without '}' at character 3")
    }
}
