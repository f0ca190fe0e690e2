import EventhosJSON

/// Where a path points in the context: `.headers.x-request-id`, `.body.items[0].id`.
struct TemplatePath: Sendable, Hashable {
    enum Component: Sendable, Hashable {
        case member(String)
        case index(Int)
    }

    let components: [Component]

    /// The value the path points at; `nil` when there is none.
    func resolve(in context: JSONValue) -> JSONValue? {
        var value = context
        for component in self.components {
            let next: JSONValue?
            switch component {
            case .member(let name): next = value[name]
            case .index(let index): next = value[index]
            }
            guard let next else { return nil }
            value = next
        }
        return value
    }
}
