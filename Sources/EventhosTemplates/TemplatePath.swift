/// Where a placeholder points in the context: `${.headers.x-request-id}`, `${.body.items[0].id}`.
struct TemplatePath: Sendable, Hashable {
    enum Component: Sendable, Hashable {
        case member(String)
        case index(Int)
    }

    let components: [Component]
    /// The placeholder as written, to name it in warnings.
    let placeholder: String

    /// The value the path points at; when there is none, `nil` and a warning naming the placeholder.
    func resolve(in context: JSONValue, warnings: inout [String]) -> JSONValue? {
        var value = context
        for component in self.components {
            let next: JSONValue?
            switch component {
            case .member(let name): next = value[name]
            case .index(let index): next = value[index]
            }
            guard let next else {
                warnings.append("placeholder \(self.placeholder) resolved to nothing")
                return nil
            }
            value = next
        }
        return value
    }

    /// The value as text: strings as they are, anything else as compact JSON, nothing as an empty string.
    func text(in context: JSONValue, warnings: inout [String]) -> String {
        switch self.resolve(in: context, warnings: &warnings) {
        case nil: ""
        case .string(let string)?: string
        case let value?: value.serializedString
        }
    }
}
