/// The basic properties of a message. Every property is optional; an empty value sends no flag.
public struct AMQPProperties: Sendable, Hashable {
    /// MIME content type, e.g. `application/json`.
    public var contentType: String?
    /// MIME content encoding, e.g. `gzip`.
    public var contentEncoding: String?
    /// Application headers.
    public var headers: AMQPTable
    /// Whether the broker stores the message on disk (delivery mode 2) rather than in memory only.
    public var persistent: Bool
    /// Message priority, 0–9.
    public var priority: UInt8?
    /// Application correlation identifier.
    public var correlationId: String?
    /// Address to reply to.
    public var replyTo: String?
    /// Per-message time to live, in milliseconds, as a decimal string.
    public var expiration: String?
    /// Application message identifier; mandatory publishes get a UUID when it is `nil`.
    public var messageId: String?
    /// Message timestamp, seconds since the epoch.
    public var timestamp: UInt64?
    /// Message type name.
    public var type: String?
    /// Creating user id; the broker checks it against the connection's user.
    public var userId: String?
    /// Creating application id.
    public var appId: String?

    /// Creates properties; every argument defaults to "not set".
    public init(
        contentType: String? = nil,
        contentEncoding: String? = nil,
        headers: AMQPTable = [:],
        persistent: Bool = false,
        priority: UInt8? = nil,
        correlationId: String? = nil,
        replyTo: String? = nil,
        expiration: String? = nil,
        messageId: String? = nil,
        timestamp: UInt64? = nil,
        type: String? = nil,
        userId: String? = nil,
        appId: String? = nil
    ) {
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.headers = headers
        self.persistent = persistent
        self.priority = priority
        self.correlationId = correlationId
        self.replyTo = replyTo
        self.expiration = expiration
        self.messageId = messageId
        self.timestamp = timestamp
        self.type = type
        self.userId = userId
        self.appId = appId
    }
}
