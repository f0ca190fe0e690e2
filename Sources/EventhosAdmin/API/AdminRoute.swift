import EventhosCore
import EventhosEngine
import HTTPTypes
import Hummingbird

/// One route of the admin API with the least role that may call it.
///
/// The API is a list of these: the router, the role checks, the OpenAPI test and the route-by-route
/// authorization tests all read the same list, so a route cannot be added without its role.
struct AdminRoute: Sendable {
    typealias Handler = @Sendable (Request, AdminRequestContext) async throws -> Response

    let method: HTTPRequest.Method
    /// Under `/api/v1`, with `{name}` parameters: `/systems/{id}`.
    let path: String
    let role: AdminToken.Role
    let handler: Handler

    init(_ method: HTTPRequest.Method, _ path: String, _ role: AdminToken.Role, _ handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.role = role
        self.handler = handler
    }

    /// Answers 403 unless the authenticated caller's role permits this route, then runs it.
    func respond(to request: Request, context: AdminRequestContext) async throws -> Response {
        guard let caller = context.caller, caller.role.permits(role) else {
            throw APIError(
                status: .forbidden, code: "forbidden",
                message: "this token's role (\(context.caller?.role.rawValue ?? "none")) may not do this: \(role.rawValue) required",
                requestId: context.requestId)
        }
        return try await handler(request, context)
    }
}
