import HTTPTypes
import HummingbirdCore
import NIOCore

/// A `POST /event/send` read whole: what the ingest answers.
struct WebhookRequest: Sendable {
    var head: HTTPRequest
    /// The request target, parsed (path and query parameters).
    var uri: URI
    /// The body; `nil` when it exceeded `server.maxBodyBytes` and was dropped.
    var body: ByteBuffer?

    var headers: HTTPFields { head.headerFields }
}
