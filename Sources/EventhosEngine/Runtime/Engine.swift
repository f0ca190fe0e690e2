import AMQP
import AsyncHTTPClient
import EventhosCore
import EventhosStore
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import Tracing

/// The data path of one instance, wired: the store, the broker connections, the ingress, the
/// contract workers, the audit writer and what watches them.
///
/// Its ``services`` start in dependency order and stop in reverse (ServiceGroup): the tracing
/// exporter (when enabled) first, then the actions' HTTP client, the audit writer, the broker
/// connections, the watchers, the workers and the events in flight; so on a graceful shutdown the
/// events still being published end first, the workers stop and finish their deliveries, the
/// broker connections close (returning unacknowledged messages), the audit writer drains, and the
/// HTTP client shuts down last.
package struct Engine: Sendable {
    /// The services, in start order.
    package let services: [any Service]
    /// The registry snapshot in force.
    package let registry: RegistryReference
    package let store: EventhosStore
    /// What `GET /metrics` serves.
    package let export: PrometheusExport
    package let metrics: BridgeMetrics
    /// The registry as the admin API and the console change it.
    package let live: LiveRegistry
    /// The connection of the consumers, which operators' commands (dead letters, queue depths) use too.
    package let consuming: AMQPConnection
    package let breakers: CircuitBreakers
    package let board: PartitionBoard
    package let readiness: Readiness
    /// The actions' HTTP client, which the console's "try the action" uses too.
    package let httpClient: HTTPClient
    /// Sends the actions' requests to their subscribers.
    package let executor: ActionExecutor
    /// The tracer of the exporter, when the configuration enables one.
    package let exportingTracer: (any Tracer)?
    package let logger: Logger
    private let ingress: WebhookIngress
    private let health: HealthController
    private let metricsRoute: MetricsController

    /// How long an audit row that only an acknowledgement waits for (a received event, a try of an
    /// unordered contract) may wait for others to share its transaction, unless
    /// ``auditBatchFillTarget`` rows gather first. At a few hundred events per second each row
    /// otherwise commits alone, and a transaction costs far more than a row (benchmarks/README.md:
    /// at 1,000 events/s, SQLite's thread spent 152–170 µs per event with a 5 ms window, 102–127 µs
    /// with this one); the price is that acknowledgements leave up to this much later.
    static let auditBatchWindow = Duration.milliseconds(20)

    /// How many audit rows end ``auditBatchWindow`` early: half the default `broker.prefetch`, so
    /// that a contract's consumer still has deliveries to make while its rows wait (a consumer
    /// with a smaller prefetch does not wait: ``ContractWorker/auditMayWait(retries:prefetch:auditFillTarget:)``).
    static let auditBatchFillTarget = 32

    /// Opens the store, applies the configuration's registry to it and wires every service.
    package init(configuration: EventhosConfiguration, logger: Logger) async throws {
        let store = try await EventhosStore.open(configuration: configuration, logger: logger)
        _ = try await store.apply(configuration.registry.withBuiltIn)
        let storedRegistry = try await store.loadRegistry()
        let registry = RegistryReference(RegistrySnapshot(registry: storedRegistry, defaultRetry: configuration.retry))
        let broker = configuration.broker
        let instance = configuration.instance.name
        let logger = logger.with(metadataKey: "instance", value: instance)
        let publishing = try AMQPConnection(
            broker: broker, name: "eventhos \(instance) publish", logger: logger.with(metadataKey: "amqp", value: "publish"))
        let consuming = try AMQPConnection(
            broker: broker, name: "eventhos \(instance) consume", logger: logger.with(metadataKey: "amqp", value: "consume"))
        if let tls = try broker.amqpConfiguration(connectionName: "eventhos \(instance) publish").tls, !tls.verifyPeer {
            logger.warning(
                "broker.tls.verifyPeer is false: the broker's certificate is not checked, so anyone between Eventhos and the broker can read and change its traffic")
        }
        let export = PrometheusExport()
        let metrics = BridgeMetrics(factory: export.factory)
        let audit = AuditWriter(
            store: store, maxDelay: Self.auditBatchWindow, fillTarget: Self.auditBatchFillTarget, logger: logger
        ) { records, duration, succeeded in
            metrics.auditCommitted(records: records, duration: duration, succeeded: succeeded)
        }
        let http = try HTTPClientService()
        let httpClient = http.client
        let executor = ActionExecutor(client: http.subscribers, responseBodyLimit: configuration.store.responseBodyLimit)
        let connections = [("publish", publishing), ("consume", consuming)]
        let readiness = Readiness(connections: connections, store: store, logger: logger)

        let operatorEvents = OperatorEvents(
            publisher: publishing.makePublisher(confirmTimeout: configuration.server.publishTimeout), registry: registry,
            instance: instance, logger: logger.with(metadataKey: "operations", value: BrokerNames.operationsExchange))
        ingress = WebhookIngress(
            registry: registry,
            publisher: publishing.makePublisher(confirmTimeout: configuration.server.publishTimeout),
            maxBodyBytes: configuration.server.maxBodyBytes, metrics: metrics,
            idempotencyKeys: IdempotencyKeys(store: store), operatorEvents: operatorEvents, readiness: readiness,
            logger: logger.with(metadataKey: "ingress", value: "webhook"))
        health = HealthController(readiness: readiness)
        metricsRoute = MetricsController(export: export)
        let supervisor = ContractSupervisor(
            registry: storedRegistry, snapshot: registry.current, connection: consuming,
            topology: BrokerTopology(broker), logger: logger)
        let live = LiveRegistry(
            store: store, reference: registry, supervisor: supervisor, defaultRetry: configuration.retry,
            loaded: storedRegistry, operatorEvents: operatorEvents,
            announcer: RegistryAnnouncer(publisher: publishing.makePublisher(), instance: instance, logger: logger))
        let breakers = CircuitBreakers(metricsFactory: export.factory) { transition, action in
            await CircuitTransition(live: live, operatorEvents: operatorEvents, logger: logger).follow(transition, of: action)
        }
        let follower = RegistryFollower(
            live: live, connection: consuming, instance: instance, reconcileInterval: .seconds(30),
            logger: logger.with(metadataKey: "registry", value: BrokerNames.registryExchange))
        let board = PartitionBoard()
        let bridge = BridgeService(
            registry: registry, supervisor: supervisor, consumerConnection: consuming,
            publisher: publishing.makePublisher(confirmTimeout: configuration.server.publishTimeout),
            intakePublisher: publishing.makePublisher(
                maxOutstandingConfirms: 256, confirmTimeout: configuration.server.publishTimeout),
            store: store, executor: executor,
            authenticators: ActionAuthenticators(client: httpClient), chainHopLimit: configuration.server.chainHopLimit,
            throttles: ActionThrottles(shared: store.database is PostgresDatabase ? store : nil, logger: logger),
            audit: audit, operatorEvents: operatorEvents, breakers: breakers, board: board, readiness: readiness, prefetch: broker.prefetch,
            shutdownGrace: configuration.server.shutdownGrace, metrics: metrics, logger: logger)
        let watch = ConnectionWatch(connections: connections, readiness: readiness, metrics: metrics)
        let poller = DeadQueuePoller(
            registry: registry, connection: consuming, audit: audit, metrics: metrics, interval: .seconds(5),
            logger: logger)

        // The exporter starts first and stops last, exporting the spans of the others' shutdown.
        let tracing = try configuration.tracing.enabled ? TracingBackend(settings: configuration.tracing, logger: logger) : nil
        // The events in flight stop first: the broker connections and the store must outlive them.
        services =
            (tracing.map { [$0.service] } ?? [])
            + [http, audit, publishing, consuming, watch, poller, bridge, follower, ingress.eventsInFlight]
        exportingTracer = tracing?.tracer
        self.registry = registry
        self.store = store
        self.export = export
        self.metrics = metrics
        self.live = live
        self.consuming = consuming
        self.breakers = breakers
        self.board = board
        self.readiness = readiness
        self.httpClient = httpClient
        self.executor = executor
        self.logger = logger
    }

    /// The HTTP/1.1 server: `POST /event/send` answered on each connection's channel pipeline
    /// (``IngestChannelHandler``), every other request by the router.
    ///
    /// - Parameter tracer: the tracer of the ingest's spans; `nil` for the bootstrapped one.
    package func httpServer(serverName: String, tracer: (any Tracer)?) -> HTTPServerBuilder {
        let ingress = ingress
        return .http1(
            configuration: .init(
                additionalChannelHandlers: [IngestChannelHandler(ingress: ingress, tracer: tracer, serverName: serverName)]))
    }

    /// Adds the engine's routes: the health probes and `GET /metrics`.
    package func addRoutes(to router: Router<BasicRequestContext>) {
        health.addRoutes(to: router)
        metricsRoute.addRoutes(to: router)
    }
}

