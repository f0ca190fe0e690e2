import AMQP
import EventhosStore
import Logging
import ServiceLifecycle

/// Every few seconds, reads the depth of each active contract's dead queue (a passive declare)
/// and the audit writer's backlog into their gauges, until graceful shutdown.
struct DeadQueuePoller: Service {
    let registry: RegistryReference
    let connection: AMQPConnection
    let audit: AuditWriter
    let metrics: BridgeMetrics
    let interval: Duration
    let logger: Logger

    func run() async {
        try? await cancelWhenGracefulShutdown {
            while true {
                metrics.auditQueued(audit.statistics.queued)
                for route in registry.current.contracts {
                    let contract = route.contract.identifier
                    do {
                        if let info = try await connection.queueInfo(BrokerNames.deadQueue(contract)) {
                            metrics.contract(contract).deadQueueDepth(Int(info.messages))
                        }
                    } catch where !Task.isCancelled {
                        logger.debug("dead queue depth not read", metadata: ["contract": "\(contract)", "error": "\(error)"])
                    }
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
