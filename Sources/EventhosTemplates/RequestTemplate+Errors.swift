import EventhosJSON
import OrderedCollections

extension RequestTemplate {
    /// Every error of a request's templates, where ``init(method:url:headers:params:data:)`` throws
    /// only the first: for a configuration check that reports all its problems at once.
    ///
    /// Each field is compiled on its own, so each error's path names its field as `init` would.
    public static func errors(
        method: String,
        url: String,
        headers: OrderedDictionary<String, String>,
        params: OrderedDictionary<String, String>,
        data: JSONValue?
    ) -> [TemplateError] {
        var fields: [(headers: OrderedDictionary<String, String>, params: OrderedDictionary<String, String>, data: JSONValue?)] =
            headers.map { ([$0.key: $0.value], [:], nil) }
        fields += params.map { ([:], [$0.key: $0.value], nil) }
        if let data {
            fields.append(([:], [:], data))
        }
        var errors: [TemplateError] = []
        do {
            _ = try RequestTemplate(method: method, url: url, headers: [:], params: [:], data: nil)
        } catch {
            errors.append(error)
        }
        for field in fields {
            do {
                _ = try RequestTemplate(method: "GET", url: "", headers: field.headers, params: field.params, data: field.data)
            } catch {
                errors.append(error)
            }
        }
        return errors
    }
}
