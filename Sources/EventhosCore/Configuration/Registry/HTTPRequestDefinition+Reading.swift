import EventhosTemplates
import OrderedCollections

extension HTTPRequestDefinition {
    /// The methods an action may use.
    private enum Method: String, CaseIterable, ConfigScalar {
        case get = "GET"
        case post = "POST"
        case put = "PUT"
        case patch = "PATCH"
        case delete = "DELETE"
        case head = "HEAD"
        case options = "OPTIONS"
    }

    /// Reads an action's `http` request template, and compiles it once so that every malformed
    /// `${...}` placeholder is reported with its path, such as `actions[0].http.data.name`.
    init?(config http: inout ConfigMapping) {
        let method = http.optional("method", default: Method.post)
        let url = http.required("url", as: String.self, .httpURL)
        let headers = http.value("headers")?.freeMapping(of: String.self)
        let params = http.value("params")?.freeMapping(of: String.self)
        let data = http.value("data")?.json
        let timeout = http.optional("timeout", default: Duration.seconds(10), .positive)
        guard let url else { return nil }
        self.init(method: method.rawValue, url: url, headers: headers ?? [:], params: params ?? [:], data: data, timeout: timeout)
        for error in RequestTemplate.errors(method: self.method, url: url, headers: self.headers, params: self.params, data: data) {
            Self.report(error, in: http)
        }
    }

    /// Reports a template error at the field it names: `headers.X-Source` is `<http>.headers.X-Source`.
    private static func report(_ error: TemplateError, in http: ConfigMapping) {
        let field = String(error.path.prefix { $0 != "." && $0 != "[" })
        let location = http.location.appending(key: error.path, line: http.location(of: field).line)
        http.reader.report(error.position.map { "\(error.message) at character \($0)" } ?? error.message, at: location)
    }
}
