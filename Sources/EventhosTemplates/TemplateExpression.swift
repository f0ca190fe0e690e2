import EventhosJSON

/// What a placeholder computes: a path, a literal, a function of an expression, or alternatives
/// joined by `??`. Compiled once with its template; evaluating it only reads the context.
indirect enum TemplateExpression: Sendable, Hashable {
    /// `.body.items[0].id`
    case path(TemplatePath)
    /// `"none"`, `0`, `-1.5`, `true`, `false`, `null`
    case literal(JSONValue)
    /// `lower(.body.email)`
    case call(TemplateFunction, TemplateExpression)
    /// `.body.nickname ?? .body.name ?? "anonymous"`: the first alternative that is neither
    /// nothing nor `null`; the last one whatever it is.
    case fallback([TemplateExpression])

    /// The value of the expression; `nil` when it comes to nothing (a path that points at nothing).
    func evaluate(in context: JSONValue) -> JSONValue? {
        switch self {
        case .path(let path):
            return path.resolve(in: context)
        case .literal(let value):
            return value
        case .call(let function, let argument):
            return argument.evaluate(in: context).map(function.apply)
        case .fallback(let alternatives):
            for alternative in alternatives.dropLast() {
                if let value = alternative.evaluate(in: context), value != .null {
                    return value
                }
            }
            return alternatives.last?.evaluate(in: context)
        }
    }
}
