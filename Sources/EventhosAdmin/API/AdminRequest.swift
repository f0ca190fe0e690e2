import EventhosEngine
import EventhosJSON
import EventhosTemplates
import Hummingbird
import NIOCore

/// What the admin routes read from requests.
enum AdminRequest {
    /// Bodies larger than this are refused (413): registry rows are small.
    static let maxBodyBytes = 1 << 20

    /// The body as JSON; 400 when it is not JSON, 413 when it is too large. An empty body is
    /// `null` when `allowEmpty`, else not JSON.
    static func json(_ request: Request, context: AdminRequestContext, allowEmpty: Bool = false) async throws -> JSONValue {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(
                status: .contentTooLarge, code: "body_too_large", message: "the body exceeds \(maxBodyBytes) bytes",
                requestId: context.requestId)
        }
        if allowEmpty, body.readableBytes == 0 {
            return .null
        }
        do {
            return try JSONParser.parse(body.readableBytesView)
        } catch {
            throw AdminError.badRequest("invalid_json", "the body is not JSON: \(error)", context: context)
        }
    }

    /// The path parameter `name`.
    static func parameter(_ name: String, of context: AdminRequestContext) throws -> String {
        try context.parameters.require(name)
    }
}
