import EventhosCore
import EventhosEngine
import Hummingbird

/// The admin API under `/api/v1` (spec §7): every route needs an admin token, and a role.
struct AdminAPI: Sendable {
    /// The path every admin route lives under.
    static let basePath = "/api/v1"

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

    func addRoutes(to router: Router<BasicRequestContext>) {
        let group = router.group(RouterPath(Self.basePath), context: AdminRequestContext.self)
            .add(middleware: AdminAuthentication(tokens: tokens))
        for route in routes {
            group.on(RouterPath(route.path), method: route.method) { request, context in
                try await route.respond(to: request, context: context)
            }
        }
    }
}
