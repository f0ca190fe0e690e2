/// The HTTP request of one delivery, rendered from a ``RequestTemplate``.
public struct RenderedRequest: Sendable, Hashable {
    /// One header line.
    public struct Header: Sendable, Hashable {
        /// The name, as written in the template.
        public var name: String
        /// The value, rendered; never contains a line break.
        public var value: String

        /// Creates a header line.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The HTTP method, as written in the template.
    public var method: String
    /// The URL, placeholders percent-encoded and parameters appended as its query.
    public var url: String
    /// The headers, in the order of the template.
    public var headers: [Header]
    /// The body: the template's data as JSON, or else the body the event was received with; `nil` when empty.
    public var body: [UInt8]?
    /// What went wrong while rendering, such as placeholders that resolved to nothing, for the delivery's try to record.
    public var warnings: [String]

    /// Creates a rendered request.
    public init(method: String, url: String, headers: [Header], body: [UInt8]?, warnings: [String]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.warnings = warnings
    }
}
