import AMQP
import EventhosCore
import EventhosStore
import Logging
import ServiceLifecycle

/// Every few seconds, reads the audit writer's backlog and the depths of the active contracts'
/// dead queues (passive declares, as ``DeadQueuePollSchedule`` picks them) into their gauges,
/// until graceful shutdown.
package struct DeadQueuePoller: Service {
    let registry: RegistryReference
    let connection: AMQPConnection
    let audit: AuditWriter
    let metrics: BridgeMetrics
    let interval: Duration
    /// How many dead queues one tick reads besides those this process changed.
    var budget = 50
    let logger: Logger

    package func run() async {
        try? await cancelWhenGracefulShutdown {
            var schedule = DeadQueuePollSchedule(budget: budget)
            while true {
                metrics.auditQueued(audit.statistics.queued)
                let contracts = registry.current.contracts.map(\.contract.identifier)
                let changed = Set(contracts.filter { metrics.contract($0).takeDeadQueueChange() })
                for contract in schedule.next(among: contracts, changed: changed) {
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
