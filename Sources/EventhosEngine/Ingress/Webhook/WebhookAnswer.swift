import EventhosJSON
import HTTPTypes
import NIOCore

/// A JSON answer: the answer to a `POST /event/send`, and what `Response.json` sends.
struct WebhookAnswer: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer

    /// An answer whose body is `value` as compact JSON.
    init(_ status: HTTPResponse.Status, json value: JSONValue, headers: HTTPFields = [:]) {
        self.status = status
        self.headers = headers
        self.headers[.contentType] = "application/json"
        self.body = ByteBuffer(bytes: value.serialized())
    }
}

extension WebhookAnswer {
    /// The spec's JSON error answer.
    init(_ error: APIError) {
        self.init(error.status, json: error.body, headers: error.headers)
    }
}
