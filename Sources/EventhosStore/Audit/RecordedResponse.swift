/// The response of a try, as received.
public struct RecordedResponse: Sendable, Hashable {
    public var status: Int
    /// Header fields in the order received. Stored as one JSON object; repeated names are joined with `, `.
    public var headers: [HeaderField]
    /// The body, already cut to the configured size by the caller.
    public var body: String
    /// Whether ``body`` was cut.
    public var truncated: Bool

    public init(status: Int, headers: [HeaderField], body: String, truncated: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.truncated = truncated
    }
}
