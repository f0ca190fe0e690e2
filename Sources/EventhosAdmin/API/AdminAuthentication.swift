import EventhosCore
import EventhosEngine
import Foundation
import HTTPTypes
import Hummingbird

/// Checks `Authorization: Bearer <admin token>` on every admin route: 401 without a valid token.
///
/// Tokens are known only by their SHA-256; the presented token is hashed and compared with each
/// one in constant time, all of them always, so timing tells nothing about which matched.
struct AdminAuthentication: RouterMiddleware {
    typealias Context = AdminRequestContext

    let tokens: [AdminToken]

    func handle(
        _ request: Request, context: AdminRequestContext,
        next: (Request, AdminRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let caller = caller(presenting: request.headers[.authorization]) else {
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = "Bearer realm=\"eventhos\""
            let error = APIError(
                status: .unauthorized, code: "unauthorized", message: "a valid admin token is required (Authorization: Bearer ...)",
                requestId: context.requestId)
            var response = try error.response(from: request, context: context)
            response.headers.append(contentsOf: headers)
            return response
        }
        var context = context
        context.caller = caller
        return try await next(request, context)
    }

    /// The token presented in an `Authorization` header, if it is one of ``tokens``.
    func caller(presenting authorization: String?) -> AdminToken? {
        guard let authorization, authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else { return nil }
        let hash = ProducerKeyHash(key: authorization.dropFirst(7).trimmingCharacters(in: .whitespaces))
        var match: AdminToken?
        for token in tokens where token.tokenHash.constantTimeEquals(hash) {
            match = token
        }
        return match
    }
}
