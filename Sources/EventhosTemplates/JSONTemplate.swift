import EventhosJSON
import OrderedCollections

/// A JSON value whose strings are ``StringTemplate``s, compiled once and rendered for each delivery.
///
/// Only values are templates; object keys are kept as written. A string that is exactly one placeholder
/// becomes the value it points at, whatever its type, so `{"raw": "${.body}"}` nests the whole body.
/// Parts without placeholders are rendered once, at compile time.
public struct JSONTemplate: Sendable, Hashable {
    private indirect enum Node: Sendable, Hashable {
        case constant(JSONValue)
        case string(StringTemplate)
        case array([Node])
        case object(OrderedDictionary<String, Node>)

        var constantValue: JSONValue? {
            guard case .constant(let value) = self else { return nil }
            return value
        }
    }

    private let root: Node

    /// Compiles every string of a value.
    ///
    /// - Throws: ``TemplateError`` whose path names the bad string, such as `name` or `items[0].id`
    ///   (empty for a string at the top).
    public init(_ value: JSONValue) throws(TemplateError) {
        self.root = try Self.compile(value, at: "")
    }

    /// Renders the value, each template replaced by what it renders.
    public func render(in context: JSONValue, warnings: inout [String]) -> JSONValue {
        Self.render(self.root, in: context, warnings: &warnings)
    }

    private static func compile(_ value: JSONValue, at path: String) throws(TemplateError) -> Node {
        switch value {
        case .null, .bool, .int, .double:
            return .constant(value)
        case .string(let source):
            let template: StringTemplate
            do {
                template = try StringTemplate(source)
            } catch {
                throw error.nested(in: path)
            }
            return template.constantText.map { .constant(.string($0)) } ?? .string(template)
        case .array(let elements):
            var nodes: [Node] = []
            nodes.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                nodes.append(try self.compile(element, at: TemplateError.join(path, "[\(index)]")))
            }
            let constants = nodes.compactMap(\.constantValue)
            return constants.count == nodes.count ? .constant(.array(constants)) : .array(nodes)
        case .object(let members):
            var nodes: OrderedDictionary<String, Node> = [:]
            nodes.reserveCapacity(members.count)
            for (name, member) in members {
                nodes[name] = try self.compile(member, at: TemplateError.join(path, name))
            }
            let constants = nodes.values.compactMap(\.constantValue)
            guard constants.count == nodes.count else { return .object(nodes) }
            return .constant(.object(OrderedDictionary(uniqueKeys: nodes.keys, values: constants)))
        }
    }

    private static func render(_ node: Node, in context: JSONValue, warnings: inout [String]) -> JSONValue {
        switch node {
        case .constant(let value):
            return value
        case .string(let template):
            return template.renderValue(in: context, warnings: &warnings)
        case .array(let nodes):
            return .array(nodes.map { self.render($0, in: context, warnings: &warnings) })
        case .object(let nodes):
            return .object(nodes.mapValues { self.render($0, in: context, warnings: &warnings) })
        }
    }
}

