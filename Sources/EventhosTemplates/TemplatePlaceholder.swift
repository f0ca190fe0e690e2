import EventhosJSON

/// One `${...}` of a template: its compiled expression and its text, which names it in warnings.
struct TemplatePlaceholder: Sendable, Hashable {
    let expression: TemplateExpression
    /// The placeholder as written, `${` and `}` included.
    let source: String

    /// The value of the placeholder; when it comes to nothing, `nil` and a warning naming it.
    func value(in context: JSONValue, warnings: inout [String]) -> JSONValue? {
        guard let value = self.expression.evaluate(in: context) else {
            warnings.append("placeholder \(self.source) resolved to nothing")
            return nil
        }
        return value
    }

    /// The value as text: strings as they are, anything else as compact JSON, nothing as an empty string.
    func text(in context: JSONValue, warnings: inout [String]) -> String {
        self.value(in: context, warnings: &warnings)?.text ?? ""
    }
}
