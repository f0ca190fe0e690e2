import EventhosTemplates

extension RenderedRequest {
    /// Adds what authenticates a try: its headers replace the template's of the same name, its
    /// default headers only fill in, its parameters are appended to the query.
    mutating func authenticate(with credentials: ActionAuthenticator.Credentials) {
        for (name, value) in credentials.headers {
            headers.removeAll { $0.name.lowercased() == name.lowercased() }
            headers.append(Header(name: name, value: value))
        }
        for (name, value) in credentials.defaultHeaders where !headers.contains(where: { $0.name.lowercased() == name.lowercased() }) {
            headers.append(Header(name: name, value: value))
        }
        guard !credentials.query.isEmpty else { return }
        let pairs = credentials.query.map { "\($0.percentEncoded())=\($1.percentEncoded())" }.joined(separator: "&")
        let separator = !url.contains("?") ? "?" : url.hasSuffix("?") || url.hasSuffix("&") ? "" : "&"
        url += separator + pairs
    }
}
