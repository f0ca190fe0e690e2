import EventhosJSON
import EventhosTemplates
import OrderedCollections

/// A context like the one a delivery renders with.
let sampleContext: JSONValue = .object([
    "headers": .object(["x-request-id": .string("req-42"), "content-type": .string("application/json")]),
    "query": .object(["tenant": .string("acme")]),
    "body": .object([
        "id": .int(7),
        "name": .string("Ada"),
        "price": .double(9.5),
        "active": .bool(true),
        "note": .null,
        "tags": .array([.string("a"), .string("b")]),
        "address": .object(["city": .string("Lima"), "zip": .int(15001)]),
        "items": .array([
            .object(["id": .string("i1"), "grid": .array([.array([.int(1), .int(2)])])]),
            .object(["id": .string("i2")]),
        ]),
        "path": .string("a b/c?d"),
    ]),
])

extension StringTemplate {
    /// Renders as text and returns the warnings with it.
    func renderCollectingWarnings(in context: JSONValue = sampleContext) -> (String, [String]) {
        var warnings: [String] = []
        let text = self.render(in: context, warnings: &warnings)
        return (text, warnings)
    }

    /// Renders as a value and returns the warnings with it.
    func renderValueCollectingWarnings(in context: JSONValue = sampleContext) -> (JSONValue, [String]) {
        var warnings: [String] = []
        let value = self.renderValue(in: context, warnings: &warnings)
        return (value, warnings)
    }
}
