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

    /// Reads an action's `http` request template. Only the types of the template fields are
    /// checked here; their `${...}` placeholders are checked when templates are compiled.
    init?(config http: inout ConfigMapping) {
        let method = http.optional("method", default: Method.post)
        let url = http.required("url", as: String.self, .httpURL)
        let headers = http.value("headers")?.freeMapping(of: String.self)
        let params = http.value("params")?.freeMapping(of: String.self)
        let data = http.value("data")?.json
        let timeout = http.optional("timeout", default: Duration.seconds(10), .positive)
        guard let url else { return nil }
        self.init(method: method.rawValue, url: url, headers: headers ?? [:], params: params ?? [:], data: data, timeout: timeout)
    }
}
