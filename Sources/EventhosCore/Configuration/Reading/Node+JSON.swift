import EventhosJSON
import EventhosTemplates
import Yams

extension Node {
    /// The YAML node of a JSON value, tagged as the configuration's resolver would tag it written
    /// as YAML: strings stay strings (`"42"` is not a number), numbers, booleans and `null` keep their type.
    init(json value: JSONValue) {
        switch value {
        case .null: self.init("null", Tag(.null))
        case .bool(let flag): self.init(flag ? "true" : "false", Tag(.bool))
        case .int(let number): self.init(String(number), Tag(.int))
        case .double(let number): self.init(String(number), Tag(.float))
        case .string(let text): self.init(text, Tag(.str), .doubleQuoted)
        case .array(let elements): self.init(elements.map(Node.init(json:)))
        case .object(let members): self.init(members.map { (Node($0.key, Tag(.str)), Node(json: $0.value)) })
        }
    }
}
