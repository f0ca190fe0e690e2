import EventhosEngine
import HTTPTypes
import Hummingbird

/// Headers on every console response, error pages included: only the console's own scripts and
/// styles run (no inline script, no other origin), no framing, no MIME sniffing, no referrer
/// outside the origin.
struct ConsoleSecurityHeaders<Context: RequestContext>: RouterMiddleware {
    static var headers: HTTPFields {
        [
            .contentSecurityPolicy:
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            .xContentTypeOptions: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "same-origin",
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as ConsoleError {
            response = try error.response(from: request, context: context)
        }
        for field in Self.headers {
            response.headers[field.name] = field.value
        }
        return response
    }
}
