/// The response of a try, as received.
public struct RecordedResponse: Sendable, Equatable {
    public var status: Int
    /// Header fields in the order received. Stored as one JSON object; repeated names are joined with `, `.
    public var headers: [(name: String, value: String)]
    /// The body, already cut to the configured size by the caller.
    public var body: String
    /// Whether ``body`` was cut.
    public var truncated: Bool

    public init(status: Int, headers: [(name: String, value: String)], body: String, truncated: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.truncated = truncated
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body && lhs.truncated == rhs.truncated
            && lhs.headers.elementsEqual(rhs.headers, by: ==)
    }
}
