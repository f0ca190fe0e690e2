import AMQP
import Atomics
import EventhosStore

/// What `/health/ready` reports: every component the bridge needs, and whether it is usable.
public final class Readiness: Sendable {
    private let connections: [(name: String, connection: AMQPConnection)]
    private let store: EventhosStore
    private let topologyDeclared = ManagedAtomic(false)
    private let consumersRunning = ManagedAtomic(false)

    init(connections: [(name: String, connection: AMQPConnection)], store: EventhosStore) {
        self.connections = connections
        self.store = store
    }

    func markTopologyDeclared(_ declared: Bool) {
        topologyDeclared.store(declared, ordering: .releasing)
    }

    func markConsumersRunning(_ running: Bool) {
        consumersRunning.store(running, ordering: .releasing)
    }

    /// Each component's state, and whether all of them are ready.
    func report() async -> (ready: Bool, components: [(name: String, state: String, ok: Bool)]) {
        var components: [(name: String, state: String, ok: Bool)] = connections.map { entry in
            let up = entry.connection.isConnected
            return ("broker.\(entry.name)", up ? "connected" : "disconnected", up)
        }
        let declared = topologyDeclared.load(ordering: .acquiring)
        components.append(("topology", declared ? "declared" : "pending", declared))
        let running = consumersRunning.load(ordering: .acquiring)
        components.append(("consumers", running ? "running" : "stopped", running))
        do {
            try await store.checkWritable()
            components.append(("store", "writable", true))
        } catch {
            components.append(("store", "unwritable: \(error)", false))
        }
        return (components.allSatisfy(\.ok), components)
    }
}
