import EventhosEngine
import Foundation
import HTTPTypes
import Hummingbird

/// Sign-in with an admin token, and sign-out.
///
/// The sign-in form is protected against login CSRF by a double-submit token: `GET` sets a random
/// value in the `eventhos_console_signin` cookie and the form's hidden `csrf` field, and `POST`
/// accepts only when both agree (a cross-site form cannot read nor set the cookie).
struct ConsoleSignInPages: ConsolePages {
    static let nonceCookie = "eventhos_console_signin"

    let sessions: ConsoleSessions
    let renderer: ConsoleRenderer

    /// `GET|POST /console/sign-in`: reachable without a session.
    func addPublicRoutes(to group: RouterGroup<ConsoleRequestContext>) {
        group.get("sign-in") { request, context in
            page(request: request, context: context, status: .ok, flash: nil)
        }
        group.post("sign-in") { request, context in
            try await signIn(request, context: context)
        }
    }

    /// `POST /console/sign-out`: ends the session on the server and forgets the cookie.
    func addRoutes(to group: RouterGroup<ConsoleRequestContext>) {
        group.post("sign-out") { request, context in
            if let session = context.session {
                try await sessions.signOut(session)
            }
            var response = ConsoleResponse.redirect(to: "/sign-in", flash: "Signed out.")
            response.setCookie(ConsoleResponse.cookie(ConsoleSessions.cookie, value: "", maxAge: 0, secure: Self.isSecure(request)))
            return response
        }
    }

    private func signIn(_ request: Request, context: ConsoleRequestContext) async throws -> Response {
        var request = request
        let form = try await ConsoleForm.collect(&request)
        guard let nonce = request.cookies[Self.nonceCookie]?.value, ConsoleSessions.matches(form["csrf"], nonce) else {
            throw ConsoleError(.forbidden, "the sign-in form's csrf token is missing or wrong: reload the sign-in page")
        }
        guard let (id, _) = try await sessions.signIn(presenting: form.text("token")) else {
            return page(request: request, context: context, status: .unauthorized, flash: .error("This token is not an admin token of this server."))
        }
        var response = ConsoleResponse.redirect(to: "")
        let secure = Self.isSecure(request)
        response.setCookie(
            ConsoleResponse.cookie(ConsoleSessions.cookie, value: id, maxAge: Int(ConsoleSessions.lifetime.components.seconds), secure: secure))
        response.setCookie(ConsoleResponse.cookie(Self.nonceCookie, value: "", maxAge: 0, secure: secure))
        return response
    }

    private func page(request: Request, context: ConsoleRequestContext, status: HTTPResponse.Status, flash: ConsoleRenderer.Flash?) -> Response {
        let nonce = Data.random(count: 32).base64URLEncodedString()
        var response = renderer.page(
            "sign-in", title: "Sign in", section: nil, data: ["csrf": nonce], request: request, context: context, status: status,
            flash: flash)
        response.setCookie(ConsoleResponse.cookie(Self.nonceCookie, value: nonce, maxAge: 3600, secure: Self.isSecure(request)))
        return response
    }

    /// Whether the browser reached the console over HTTPS: Eventhos itself serves plain HTTP, so
    /// only a proxy in front can tell, with `X-Forwarded-Proto: https`; cookies are then `Secure`.
    static func isSecure(_ request: Request) -> Bool {
        request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }
}
