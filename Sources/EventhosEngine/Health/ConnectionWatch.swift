import AMQP
import ServiceLifecycle

/// Follows the state of each broker connection into readiness (connected, blocked by a resource
/// alarm, disconnected) and into the `eventhos_broker_*` gauges, until graceful shutdown.
/// The connections log their own transitions.
package struct ConnectionWatch: Service {
    let connections: [(name: String, connection: AMQPConnection)]
    let readiness: Readiness
    let metrics: BridgeMetrics

    package func run() async {
        await withDiscardingTaskGroup { group in
            for (name, connection) in connections {
                group.addTask {
                    for await state in connection.connectionStates().cancelOnGracefulShutdown() {
                        readiness.connection(name, changedTo: state)
                        metrics.broker(name, state)
                    }
                }
            }
        }
    }
}
