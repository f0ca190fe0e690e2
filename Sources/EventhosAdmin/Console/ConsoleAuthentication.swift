import EventhosEngine
import Hummingbird

/// Lets only signed-in requests through (303 to the sign-in page otherwise), and refuses every
/// POST whose form does not carry the session's CSRF token (403).
///
/// The session comes from the `eventhos_console` cookie (see ``ConsoleSessions``); it is looked up
/// on every request, so a sign-out, an expiry or a token removed from the configuration ends it.
struct ConsoleAuthentication: RouterMiddleware {
    typealias Context = ConsoleRequestContext

    let sessions: ConsoleSessions

    func handle(
        _ request: Request, context: ConsoleRequestContext,
        next: (Request, ConsoleRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let id = request.cookies[ConsoleSessions.cookie]?.value, let session = try await sessions.session(id: id) else {
            var response = ConsoleResponse.redirect(to: "/sign-in")
            if request.cookies[ConsoleSessions.cookie] != nil {
                response.setCookie(ConsoleResponse.cookie(ConsoleSessions.cookie, value: "", maxAge: 0))
            }
            return response
        }
        var context = context
        context.session = session
        var request = request
        if request.method == .post {
            context.form = try await ConsoleForm.collect(&request)
            guard ConsoleSessions.matches(context.form["csrf"], session.csrf) else {
                throw ConsoleError(.forbidden, "the form's csrf token is missing or wrong: reload the page and send it again")
            }
        }
        return try await next(request, context)
    }
}
