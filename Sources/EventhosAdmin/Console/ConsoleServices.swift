import AsyncHTTPClient
import EventhosEngine
import EventhosStore

/// What the console's pages work with: the same objects the admin API uses, so that a change made
/// in the console is the change the API would make (validation, live topology, dead letters).
struct ConsoleServices: Sendable {
    let renderer: ConsoleRenderer
    /// The registry: create, replace, delete, followed at once by ingest and the broker.
    let live: LiveRegistry
    /// Dead letters and replay on the bridge's broker connection.
    let operations: OperationsController
    /// Pause, resume and the delivery state of contracts.
    let control: ContractControlController
    /// Broker and store health.
    let readiness: Readiness
    /// Fetches the tokens of the actions' "try it" requests (OAuth token endpoints).
    let httpClient: HTTPClient
    /// Sends the actions' "try it" requests, keeping a response body as the bridge's tries do.
    let executor: ActionExecutor

    var store: EventhosStore { live.store }
}
