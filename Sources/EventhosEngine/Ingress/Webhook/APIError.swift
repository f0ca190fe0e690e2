import EventhosJSON
import EventhosTemplates
import HTTPTypes
import Hummingbird
import OrderedCollections

/// A client or availability error answered as the spec's JSON error body:
/// `{"error": {"code": "...", "message": "...", "requestId": "..."}}`.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// Machine-readable, stable across releases.
    public var code: String
    /// For people.
    public var message: String
    public var requestId: String
    /// Seconds after which a retry may succeed (sent as `Retry-After`).
    public var retryAfter: Int?

    public init(status: HTTPResponse.Status, code: String, message: String, requestId: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.requestId = requestId
        self.retryAfter = retryAfter
    }

    /// `503 broker_unavailable`: what was asked needs the broker, which cannot take it now.
    public static func brokerUnavailable(_ message: String, requestId: String, retryAfter: Int) -> APIError {
        APIError(status: .serviceUnavailable, code: "broker_unavailable", message: message, requestId: requestId, retryAfter: retryAfter)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response.json(status, body, headers: headers)
    }

    /// The spec's JSON error body.
    var body: JSONValue {
        .object([
            "error": .object([
                "code": .string(code),
                "message": .string(message),
                "requestId": .string(requestId),
            ])
        ])
    }

    /// `Retry-After` when a retry may succeed later.
    var headers: HTTPFields {
        var headers = HTTPFields()
        if let retryAfter {
            headers[.retryAfter] = String(retryAfter)
        }
        return headers
    }
}
