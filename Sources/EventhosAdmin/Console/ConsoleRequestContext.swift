import EventhosCore
import EventhosEngine
import Foundation
import Hummingbird

/// The request context of the console: the signed-in session (once ``ConsoleAuthentication`` has
/// checked the cookie) and the POSTed form (once its CSRF token has been checked).
struct ConsoleRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// `nil` on the public pages (sign-in, assets).
    var session: ConsoleSession?
    /// The fields of a POSTed form; empty for other methods.
    var form = ConsoleForm()
    /// Names the request in logs and error pages.
    let requestId: String

    init(context: BasicRequestContext) {
        coreContext = context.coreContext  // keeps the path parameters the router resolved
        requestId = UUID().uuidString.lowercased()
    }

    /// Whether the signed-in role may do what needs `required` (the admin API's mapping).
    func permits(_ required: AdminToken.Role) -> Bool {
        session?.role.permits(required) ?? false
    }

    /// Throws a 403 page unless the signed-in role permits `required`.
    func require(_ required: AdminToken.Role) throws {
        guard permits(required) else {
            throw ConsoleError(
                .forbidden, "your role (\(session?.role.rawValue ?? "none")) may not do this: \(required.rawValue) required")
        }
    }

    /// The path parameter `name`.
    func parameter(_ name: String) throws -> String {
        try parameters.require(name)
    }
}
