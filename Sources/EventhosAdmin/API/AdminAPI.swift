import EventhosCore
import EventhosEngine
import HTTPTypes
import Hummingbird

/// The admin API under `/api/v1` (spec §7): every route needs an admin token, and a role.
struct AdminAPI: Sendable {
    /// The path every admin route lives under.
    static let basePath = "/api/v1"

    /// The methods that get an answer on every admin path: the path's own, `HEAD` where it has
    /// `GET`, `OPTIONS` (its methods in `Allow`), and 405 for the others.
    static let answeredMethods: [HTTPRequest.Method] = [
        .get, .head, .post, .put, .delete, .patch, .options, .trace, HTTPRequest.Method("QUERY")!,
    ]

    let tokens: [AdminToken]
    /// Every route, with its role.
    let routes: [AdminRoute]

    /// - Parameters:
    ///   - tokens: the admin tokens of the configuration.
    ///   - live: the registry the routes change.
    ///   - operations: dead letters and replay, on the bridge's broker connection.
    ///   - control: pause, resume and the delivery state of contracts.
    init(tokens: [AdminToken], live: LiveRegistry, operations: OperationsController, control: ContractControlController) {
        self.tokens = tokens
        routes =
            RegistryKind.allCases.flatMap { RegistryController(kind: $0, live: live).routes }
            + KeysController(live: live).routes
            + ReceivedEventsController(store: live.store).routes
            + operations.routes
            + control.routes
            + OpenAPIController().routes
    }

    /// The methods of each path, in the order of ``routes``.
    var methodsByPath: [(path: String, methods: [HTTPRequest.Method])] {
        var paths: [(path: String, methods: [HTTPRequest.Method])] = []
        for route in routes {
            if let index = paths.firstIndex(where: { $0.path == route.path }) {
                paths[index].methods.append(route.method)
            } else {
                paths.append((route.path, [route.method]))
            }
        }
        return paths
    }

    /// The `Allow` header of a path with `methods`: them, and `HEAD` with `GET`.
    static func allow(_ methods: [HTTPRequest.Method]) -> String {
        var allowed = methods
        if allowed.contains(.get) {
            allowed.append(.head)
        }
        return allowed.map(\.rawValue).joined(separator: ", ")
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        let group = router.group(RouterPath(Self.basePath), context: AdminRequestContext.self)
            .add(middleware: AdminAuthentication(tokens: tokens))
        for route in routes {
            group.on(RouterPath(route.path), method: route.method) { request, context in
                try await route.respond(to: request, context: context)
            }
        }
        for (path, methods) in methodsByPath {
            let allow = Self.allow(methods)
            let get = routes.first { $0.path == path && $0.method == .get }
            for method in Self.answeredMethods where !methods.contains(method) {
                group.on(RouterPath(path), method: method) { request, context in
                    switch method {
                    case .head where get != nil:
                        return try await get!.respond(to: request, context: context).createHeadResponse()
                    case .options:
                        return Response(status: .noContent, headers: [.allow: allow])
                    default:
                        throw MethodNotAllowed(method: method, allow: allow, requestId: context.requestId)
                    }
                }
            }
        }
    }
}

/// 405 for a method an admin path does not have, with the path's methods in `Allow` and the JSON error body.
struct MethodNotAllowed: HTTPResponseError {
    let method: HTTPRequest.Method
    let allow: String
    let requestId: String

    var status: HTTPResponse.Status { .methodNotAllowed }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try APIError(
            status: status, code: "method_not_allowed", message: "\(request.uri.path) does not answer \(method.rawValue): it answers \(allow)",
            requestId: requestId
        ).response(from: request, context: context)
        response.headers[.allow] = allow
        return response
    }
}
