import AMQP
import AsyncHTTPClient
import EventhosAdmin
import EventhosCore
import EventhosEngine
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
/// then the broker connections close (returning unacknowledged messages), the audit writer
/// drains, and the actions' HTTP client shuts down last (before the tracing exporter, if any).
public struct Bridge: Service {
    /// The services, in start order.
    public let services: [any Service]
    /// The registry snapshot in force.
    public let registry: RegistryReference
    public let store: EventhosStore
    /// What `GET /metrics` serves.
    public let metrics: PrometheusExport
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
        let engine = try await Engine(configuration: configuration, logger: logger)
        let router = Router()
        engine.addRoutes(to: router)
        try OperatorSurfaces(engine: engine, configuration: configuration).addRoutes(to: router)
        let serverName = "eventhos"
        let tracer = engine.exportingTracer ?? tracer
        let application = Application(
            router: router, server: engine.httpServer(serverName: serverName, tracer: tracer),
            configuration: .init(
                address: .hostname(configuration.server.host, port: configuration.server.port), serverName: serverName),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: engine.logger)
        services = engine.services + [application]
        self.tracer = tracer
        self.registry = engine.registry
        self.store = engine.store
        self.metrics = engine.export
        self.logger = engine.logger
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
            await store.close()
            throw error
        }
        await store.close()
    }

    /// Runs the group with ``tracer`` in force for every task of every service.
    private func runTraced(_ group: ServiceGroup) async throws {
        guard let tracer else { return try await group.run() }
        try await withTracer(tracer) { try await group.run() }
    }
}
