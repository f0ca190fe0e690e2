/// The request of a try, as sent (secrets already redacted by the caller).
public struct RecordedRequest: Sendable, Hashable {
    public var method: String
    public var url: String
    /// Header fields in the order sent. Stored as one JSON object; repeated names are joined with `, `.
    public var headers: [HeaderField]
    public var body: String?

    public init(method: String, url: String, headers: [HeaderField], body: String?) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
