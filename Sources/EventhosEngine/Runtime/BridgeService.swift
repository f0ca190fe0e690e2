import AMQP
import AsyncHTTPClient
import EventhosCore
import EventhosStore
import EventhosTemplates
import Logging
import ServiceLifecycle

/// Declares the broker topology, then runs the audit consumer, the AMQP intake and one worker per
/// active contract (the ``ContractSupervisor``'s, which follow registry changes).
///
/// On graceful shutdown it stops the consumers' deliveries (basic.cancel: nothing new arrives, the
/// channels stay open), lets the deliveries in flight finish and be acknowledged within
/// `shutdownGrace`, and returns; what is still unacknowledged then goes back to the broker when the
/// connection closes.
package struct BridgeService: Service {
    let registry: RegistryReference
    let supervisor: ContractSupervisor
    let consumerConnection: AMQPConnection
    let publisher: AMQPPublisher
    /// The AMQP intake's own publisher, so that its confirms never wait behind the workers'.
    let intakePublisher: AMQPPublisher
    let store: EventhosStore
    let executor: ActionExecutor
    /// The actions' credentials, shared by the contracts of one action.
    let authenticators: ActionAuthenticators
    /// How many replies may chain from one event (`server.chainHopLimit`).
    let chainHopLimit: Int
    /// The actions' rate limiters, shared by the contracts of one action.
    let throttles: ActionThrottles
    let audit: AuditWriter
    let operatorEvents: OperatorEvents
    /// The actions' circuit breakers, shared by the contracts of one action.
    let breakers: CircuitBreakers
    /// What holds each partition of the ordered contracts delivered here.
    let board: PartitionBoard
    let readiness: Readiness
    let prefetch: UInt16
    let shutdownGrace: Duration
    let metrics: BridgeMetrics
    let logger: Logger

    package func run() async throws {
        let snapshot = registry.current
        do {
            try await cancelWhenGracefulShutdown {
                try await supervisor.declareTopology()
            }
        } catch where Task.isShuttingDownGracefully {
            return  // stopped before the broker was ever reached
        }
        readiness.markTopologyDeclared(true)
        logger.info("broker topology declared", metadata: ["contracts": "\(snapshot.contracts.count)"])
        if store.database is SQLiteDatabase, let consumers = try await consumerConnection.queueInfo(BrokerNames.auditQueue)?.consumers,
            consumers > 0
        {
            throw SharedSQLiteStore(consumers: consumers)
        }

        let auditConsumer = consumerConnection.consume(queue: BrokerNames.auditQueue, prefetch: max(prefetch, 256))
        let intake = AMQPIngress(
            consumer: consumerConnection.consume(queue: BrokerNames.intakeQueue, prefetch: max(prefetch, 256)),
            registry: registry, publisher: intakePublisher, audit: audit, operatorEvents: operatorEvents, store: store,
            metrics: metrics,
            logger: logger.with(metadataKey: "intake", value: BrokerNames.intakeQueue))
        let consumers = [auditConsumer, intake.consumer]
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withDiscardingTaskGroup { consumers in
                    consumers.addTask { await AuditConsumer(consumer: auditConsumer, audit: audit, logger: logger).run() }
                    consumers.addTask { await intake.run() }
                    consumers.addTask { await supervisor.run() }
                }
                return true
            }
            await supervisor.start { route, tiers in makeWorker(route, tiers: tiers) }
            readiness.markConsumersRunning(true)
            logger.info("consumers started", metadata: ["workers": "\(registry.current.contracts.count)"])
            try? await gracefulShutdown()
            readiness.markConsumersRunning(false)
            logger.info("consumers stopping: no new deliveries; those in flight may finish", metadata: ["grace": "\(shutdownGrace)"])
            for consumer in consumers {
                await consumer.stopDeliveries()
            }
            await supervisor.stop()
            group.addTask {
                try? await Task.sleep(for: shutdownGrace)
                return false
            }
            if await group.next() == false {
                logger.warning("deliveries still in flight at the end of the shutdown grace period go back to the broker")
            } else {
                logger.info("consumers stopped: every delivery in flight finished")
            }
            group.cancelAll()
        }
    }

    private func makeWorker(_ route: ContractRoute, tiers: RetryTiers) -> (any ContractDelivery)? {
        do {
            let call = try ActionCall(
                action: route.action, authenticator: authenticators.authenticator(for: route.action), executor: executor)
            let identifier = route.contract.identifier
            let logger = logger.with(metadataKey: "contract", value: identifier)
            let worker = { (retries: ContractWorker.Retries, queue: String, prefetch: UInt16) in
                ContractWorker(
                    route: route, call: call,
                    chain: ChainPublisher(publisher: publisher, audit: audit, hopLimit: chainHopLimit),
                    throttle: throttles.throttle(for: route.action), orderGate: OrderGate(registry: registry, store: store),
                    breakers: breakers, retries: retries,
                    auditMayWait: ContractWorker.auditMayWait(retries: retries, prefetch: prefetch, auditFillTarget: audit.fillTarget),
                    stop: StopSignal(),
                    consumer: consumerConnection.consume(queue: queue, prefetch: prefetch),
                    publisher: publisher, audit: audit, operations: operatorEvents, logger: logger,
                    metrics: metrics.contract(identifier))
            }
            guard let ordering = route.contract.ordering else {
                return worker(
                    .throughDelayQueues(tiers), BrokerNames.contractQueue(identifier), Self.prefetch(for: route.action, upTo: prefetch))
            }
            return OrderedContractWorker(
                route: route, ordering: ordering,
                distributor: consumerConnection.consume(queue: BrokerNames.orderedQueue(identifier), prefetch: max(prefetch, 256)),
                publisher: publisher,
                partitions: (0..<ordering.partitions).map { partition in
                    worker(.inPlace(partition: partition, board: board), BrokerNames.partitionQueue(identifier, partition), 1)
                },
                stop: StopSignal(), logger: logger)
        } catch {
            logger.error(
                "contract not started: its action's request template is invalid",
                metadata: ["contract": "\(route.contract.identifier)", "error": "\(error)"])
            return nil
        }
    }
}

extension Logger {
    /// A copy of this logger with one more metadata value.
    package func with(metadataKey key: String, value: String) -> Logger {
        var logger = self
        logger[metadataKey: key] = .string(value)
        return logger
    }
}
