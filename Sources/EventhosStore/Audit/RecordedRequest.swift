/// The request of a try, as sent (secrets already redacted by the caller).
public struct RecordedRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    /// Header fields in the order sent. Stored as one JSON object; repeated names are joined with `, `.
    public var headers: [(name: String, value: String)]
    public var body: String?

    public init(method: String, url: String, headers: [(name: String, value: String)], body: String?) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.elementsEqual(rhs.headers, by: ==)
    }
}
