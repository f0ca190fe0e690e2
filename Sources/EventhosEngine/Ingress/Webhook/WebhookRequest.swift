import HTTPTypes
import HummingbirdCore
import NIOCore

/// A `POST /event/send` read whole: what the ingest answers.
struct WebhookRequest: Sendable {
    let head: HTTPRequest
    /// The request target, parsed.
    let uri: URI
    /// The target's query parameters, parsed once: the ingest reads them three times per event.
    let query: FlatDictionary<Substring, Substring>
    /// The body; `nil` when it exceeded `server.maxBodyBytes` and was dropped.
    let body: ByteBuffer?

    init(head: HTTPRequest, uri: URI, body: ByteBuffer?) {
        self.head = head
        self.uri = uri
        self.query = uri.queryParameters
        self.body = body
    }

    var headers: HTTPFields { head.headerFields }
}
