/// One HTTP request to a subscriber, as rendered from an action's template.
public struct SubscriberRequest: Sendable {
    public var method: String
    public var url: String
    /// In order, as sent; `Host` is added when absent, `Content-Length` is always the client's.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A subscriber's complete answer.
public struct SubscriberResponse: Sendable {
    public var status: Int
    /// In order, names as sent.
    public var headers: [(name: String, value: String)]
    /// The first `responseBodyLimit` bytes of the body; the rest was read and dropped.
    public var body: [UInt8]
    /// Whether the body was longer than what ``body`` keeps.
    public var truncated: Bool

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let name = name.lowercased()
        return headers.first { $0.name.lowercased() == name }?.value
    }
}
