import EventhosCore
import EventhosEngine
import Hummingbird

/// The operator's surfaces of one instance: the admin API under `/api/v1` and the web console
/// under `/console`, over the engine's live registry, broker connection and store.
package struct OperatorSurfaces: Sendable {
    private let api: AdminAPI
    private let console: Console

    /// - Throws: when the console's templates cannot be loaded.
    package init(engine: Engine, configuration: EventhosConfiguration) throws {
        let operations = OperationsController(
            connection: engine.consuming, registry: engine.registry, store: engine.store, metrics: engine.metrics)
        let control = ContractControlController(
            live: engine.live, connection: engine.consuming, breakers: engine.breakers, board: engine.board)
        let tokens = configuration.security.adminTokens
        api = AdminAPI(tokens: tokens, live: engine.live, operations: operations, control: control)
        console = Console(
            tokens: tokens,
            services: ConsoleServices(
                renderer: try ConsoleRenderer(instance: configuration.instance.name), live: engine.live, operations: operations,
                control: control, readiness: engine.readiness, httpClient: engine.httpClient, executor: engine.executor))
    }

    /// Adds the admin API's and the console's routes.
    package func addRoutes(to router: Router<BasicRequestContext>) {
        api.addRoutes(to: router)
        console.addRoutes(to: router)
    }
}
