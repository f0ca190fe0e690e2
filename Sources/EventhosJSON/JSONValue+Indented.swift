import OrderedCollections

extension JSONValue {
    /// The value as JSON text for people: one member or element per line, indented by two spaces
    /// per level, `": "` after names; scalars and empty containers as ``serializedString`` writes them.
    public var indentedString: String {
        var output = ""
        indent(into: &output, level: 0)
        return output
    }

    private func indent(into output: inout String, level: Int) {
        let inner = String(repeating: "  ", count: level + 1)
        let outer = String(repeating: "  ", count: level)
        switch self {
        case .array(let elements) where !elements.isEmpty:
            output += "[\n"
            for (index, element) in elements.enumerated() {
                output += inner
                element.indent(into: &output, level: level + 1)
                output += index < elements.count - 1 ? ",\n" : "\n"
            }
            output += outer + "]"
        case .object(let members) where !members.isEmpty:
            output += "{\n"
            for (index, (name, value)) in members.enumerated() {
                output += inner + JSONValue.string(name).serializedString + ": "
                value.indent(into: &output, level: level + 1)
                output += index < members.count - 1 ? ",\n" : "\n"
            }
            output += outer + "}"
        default:
            output += serializedString
        }
    }
}
