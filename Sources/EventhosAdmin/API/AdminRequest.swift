import EventhosEngine
import EventhosJSON
import EventhosTemplates
import Foundation
import Hummingbird
import NIOCore
import OrderedCollections

/// What the admin routes read from requests.
enum AdminRequest {
    /// Bodies larger than this are refused (413): registry rows are small.
    static let maxBodyBytes = 1 << 20

    /// The body as JSON; 400 when it is not JSON, 413 when it is too large, 415 when it is not
    /// labelled JSON (`Content-Type: application/json`, or a `+json` type). An empty body is
    /// `emptyValue` when `allowEmpty`, whatever its label, else not JSON.
    static func json(
        _ request: Request, context: AdminRequestContext, allowEmpty: Bool = false, emptyValue: JSONValue = .null
    ) async throws -> JSONValue {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(
                status: .contentTooLarge, code: "body_too_large", message: "the body exceeds \(maxBodyBytes) bytes",
                requestId: context.requestId)
        }
        if allowEmpty, body.readableBytes == 0 {
            return emptyValue
        }
        guard isJSON(contentType: request.headers[.contentType]) else {
            throw APIError(
                status: .unsupportedMediaType, code: "unsupported_media_type",
                message: "the body must be JSON, sent with Content-Type: application/json", requestId: context.requestId)
        }
        do {
            return try JSONParser.parse(body.readableBytesView)
        } catch {
            throw AdminError.badRequest("invalid_json", "the body is not JSON: \(error)", context: context)
        }
    }

    /// The members of an optional body that may only be an object of `allowed` members: an empty
    /// body is no member; 400 `invalid_body` for anything else, or for another member.
    static func members(
        of request: Request, context: AdminRequestContext, allowed: [String]
    ) async throws -> JSONObject {
        let body = try await json(request, context: context, allowEmpty: true, emptyValue: .object([:]))
        switch body {
        case .object(let members):
            if let unknown = members.keys.first(where: { !allowed.contains($0) }) {
                throw AdminError.badRequest(
                    "invalid_body", "unknown member \"\(unknown)\": the body may have \(allowed.joined(separator: ", "))", context: context)
            }
            return members
        default:
            throw AdminError.badRequest("invalid_body", "the body must be a JSON object", context: context)
        }
    }

    /// Whether a `Content-Type` names JSON: `application/json` or `application/<something>+json`,
    /// with any parameters (`; charset=utf-8`).
    static func isJSON(contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType.hasPrefix("application/") else { return false }
        let subtype = mediaType.dropFirst("application/".count)
        return subtype == "json" || (subtype.hasSuffix("+json") && subtype.count > "+json".count && !subtype.contains("/"))
    }

    /// The path parameter `name`.
    static func parameter(_ name: String, of context: AdminRequestContext) throws -> String {
        try context.parameters.require(name)
    }
}
