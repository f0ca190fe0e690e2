/// An error of the AMQP client. Match on ``code``: `error.code == .notConnected`.
public struct AMQPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of an ``AMQPError``.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidURL, notConnected, connectionLost, confirmTimeout, nacked, returned
            case channelClosed, connectionClosed, tls, library, shutdown
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The broker URL could not be parsed.
        public static let invalidURL = Code(.invalidURL)
        /// The connection is down right now; the operation was not attempted.
        public static let notConnected = Code(.notConnected)
        /// The connection dropped while the operation was in flight; its outcome is unknown.
        public static let connectionLost = Code(.connectionLost)
        /// The broker did not confirm a publish in time; its outcome is unknown.
        public static let confirmTimeout = Code(.confirmTimeout)
        /// The broker refused a publish (basic.nack).
        public static let nacked = Code(.nacked)
        /// A mandatory publish could not be routed to any queue (basic.return); see ``AMQPError/replyCode``.
        public static let returned = Code(.returned)
        /// The broker closed the channel (e.g. 404 unknown exchange, 406 precondition failed).
        public static let channelClosed = Code(.channelClosed)
        /// The broker closed the connection.
        public static let connectionClosed = Code(.connectionClosed)
        /// TLS failed: the broker's certificate was not trusted or did not name the host, the
        /// broker refused the client certificate, the handshake failed, or one side spoke TLS and
        /// the other plain AMQP. ``AMQPError/detail`` names which.
        public static let tls = Code(.tls)
        /// librabbitmq reported an error (socket, timeout, protocol); see ``AMQPError/detail``.
        public static let library = Code(.library)
        /// The connection is shutting down or has shut down.
        public static let shutdown = Code(.shutdown)

        public var description: String { base.rawValue }
    }

    /// The kind of error.
    public var code: Code
    /// The broker's reply code for ``Code/returned``, ``Code/channelClosed`` and ``Code/connectionClosed``.
    public var replyCode: UInt16?
    /// The broker's reply text or the library's status text.
    public var detail: String

    /// Creates an error; the client creates them, this initializer lets fakes do the same.
    public init(code: Code, replyCode: UInt16? = nil, detail: String = "") {
        self.code = code
        self.replyCode = replyCode
        self.detail = detail
    }

    public var description: String {
        var text = "AMQPError.\(code)"
        if let replyCode { text += " \(replyCode)" }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }

    static let notConnected = AMQPError(code: .notConnected, detail: "not connected to the broker")
    static let connectionLost = AMQPError(code: .connectionLost, detail: "connection to the broker lost")
    static let shutdown = AMQPError(code: .shutdown, detail: "the connection is shut down")
    static let nacked = AMQPError(code: .nacked, detail: "the broker nacked the publish")
    static let confirmTimeout = AMQPError(code: .confirmTimeout, detail: "no publisher confirm in time")

    /// Whether a failed connect will fail the same way when retried: TLS, refused credentials
    /// (403 ACCESS_REFUSED) or a vhost the user may not open (530 NOT_ALLOWED).
    var isPermanentAtConnect: Bool {
        code == .tls || (code == .connectionClosed && (replyCode == 403 || replyCode == 530))
    }

    /// Whether only one channel is affected and the connection itself is still usable.
    var isChannelLevel: Bool { code == .channelClosed }
}
