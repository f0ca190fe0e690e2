import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosTemplates
import HTTPTypes
import Hummingbird
import OrderedCollections

/// The errors of the admin API, as the spec's JSON error body.
enum AdminError {
    static func notFound(_ what: String, context: AdminRequestContext) -> APIError {
        APIError(status: .notFound, code: "not_found", message: "\(what) does not exist", requestId: context.requestId)
    }

    static func conflict(_ code: String, _ message: String, context: AdminRequestContext) -> APIError {
        APIError(status: .conflict, code: code, message: message, requestId: context.requestId)
    }

    static func badRequest(_ code: String, _ message: String, context: AdminRequestContext) -> APIError {
        APIError(status: .badRequest, code: code, message: message, requestId: context.requestId)
    }
}

/// A body that breaks the registry's rules: 422 with every problem and its path in the body,
/// `{"error": {"code": .string("invalid_row"), "message", "requestId", "problems": [{"path", "message"}]}}`.
struct ValidationFailure: HTTPResponseError {
    let problems: [ConfigurationProblem]
    let requestId: String

    var status: HTTPResponse.Status { .unprocessableContent }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let problems = problems.map { problem in
            JSONValue.object(["path": .string(problem.path), "message": .string(problem.message)])
        }
        let summary = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return Response.json(
            status,
            .object([
                "error": .object([
                    "code": .string("invalid_row"), "message": .string("the row is invalid: \(summary)"), "requestId": .string(requestId),
                    "problems": .array(problems),
                ])
            ]))
    }
}
