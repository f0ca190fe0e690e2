import AMQP
import AsyncHTTPClient
import EventhosCore
import EventhosStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Tracing
import UnixSignals

/// A running Eventhos: the HTTP server, the contract consumers, the audit and the broker connections.
///
/// Services start in dependency order and stop in reverse (ServiceGroup): first the HTTP server
/// stops accepting and answers what is in flight, then consumers stop and finish their deliveries,
/// then the broker connections close (returning unacknowledged messages), and the audit writer
/// drains last.
public struct Bridge: Service {
    /// The services, in start order.
    public let services: [any Service]
    /// The registry snapshot in force.
    public let registry: RegistryReference
    public let store: EventhosStore
    /// What `GET /metrics` serves.
    public let metrics: PrometheusExport
    let httpClient: HTTPClient
    /// The tracer of every service: the OpenTelemetry one when `tracing` is enabled, else the one given, else the global one.
    let tracer: (any Tracer)?
    let logger: Logger

    /// Opens the store, applies the configuration's registry to it and wires every service.
    ///
    /// - Parameters:
    ///   - tracer: the tracer of the services' spans when the configuration enables no exporter;
    ///     `nil` for the one bootstrapped in `InstrumentationSystem` (none: no spans).
    ///   - onServerRunning: called with the bound port once the HTTP server listens.
    public init(
        configuration: EventhosConfiguration, logger: Logger, tracer: (any Tracer)? = nil,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
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
        let audit = AuditWriter(store: store, logger: logger) { records, duration, succeeded in
            metrics.auditCommitted(records: records, duration: duration, succeeded: succeeded)
        }
        var clientConfiguration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        clientConfiguration.tracing.tracer = nil  // a try has its own span, which hides the query (ActionCall+TrySpan)
        // A refused connect fails its try at once, recorded as a connection error: the broker's
        // retry schedule tries again, rather than the client retrying the connect for the whole
        // timeout. The timeout stays for slow answers.
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        let connections = [("publish", publishing), ("consume", consuming)]
        let readiness = Readiness(connections: connections, store: store, logger: logger)

        let operatorEvents = OperatorEvents(
            publisher: publishing.makePublisher(confirmTimeout: configuration.server.publishTimeout), registry: registry,
            instance: instance, logger: logger.with(metadataKey: "operations", value: BrokerNames.operationsExchange))
        let router = Router()
        IngestController(
            registry: registry,
            publisher: publishing.makePublisher(confirmTimeout: configuration.server.publishTimeout),
            maxBodyBytes: configuration.server.maxBodyBytes, metrics: metrics,
            idempotencyKeys: IdempotencyKeys(store: store), operatorEvents: operatorEvents
        ).addRoutes(to: router)
        HealthController(readiness: readiness).addRoutes(to: router)
        MetricsController(export: export).addRoutes(to: router)
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
        let operations = OperationsController(connection: consuming, registry: registry, store: store, metrics: metrics)
        let board = PartitionBoard()
        let control = ContractControlController(live: live, connection: consuming, breakers: breakers, board: board)
        AdminAPI(tokens: configuration.security.adminTokens, live: live, operations: operations, control: control).addRoutes(to: router)
        Console(
            tokens: configuration.security.adminTokens,
            services: ConsoleServices(
                renderer: try ConsoleRenderer(instance: instance), live: live, operations: operations, control: control, readiness: readiness,
                httpClient: httpClient,
                responseBodyLimit: configuration.store.responseBodyLimit)
        ).addRoutes(to: router)
        let application = Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.server.host, port: configuration.server.port), serverName: "eventhos"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        let bridge = BridgeService(
            registry: registry, supervisor: supervisor, consumerConnection: consuming,
            publisher: publishing.makePublisher(confirmTimeout: configuration.server.publishTimeout),
            intakePublisher: publishing.makePublisher(
                maxOutstandingConfirms: 256, confirmTimeout: configuration.server.publishTimeout),
            store: store, executor: ActionExecutor(client: httpClient, responseBodyLimit: configuration.store.responseBodyLimit),
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
        services = (tracing.map { [$0.service] } ?? []) + [audit, publishing, consuming, watch, poller, bridge, follower, application]
        self.tracer = tracing?.tracer ?? tracer
        self.registry = registry
        self.store = store
        self.metrics = export
        self.httpClient = httpClient
        self.logger = logger
    }

    /// Runs every service until a graceful shutdown of the enclosing service group.
    public func run() async throws {
        try await run(gracefulShutdownSignals: [])
    }

    /// Runs every service until one of `signals` or a graceful shutdown of the enclosing group.
    public func run(gracefulShutdownSignals signals: [UnixSignal]) async throws {
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: signals, logger: logger))
        do {
            try await runTraced(group)
        } catch {
            try? await httpClient.shutdown()
            await store.close()
            throw error
        }
        try await httpClient.shutdown()
        await store.close()
    }

    /// Runs the group with ``tracer`` in force for every task of every service.
    private func runTraced(_ group: ServiceGroup) async throws {
        guard let tracer else { return try await group.run() }
        try await withTracer(tracer) { try await group.run() }
    }
}
