import AMQP
import EventhosStore
import Logging
import Synchronization

/// What `/health/ready` reports: every component the bridge needs, and whether it is usable.
///
/// Broker connections report `connected`, `blocked` (a resource alarm: publishes are refused) or
/// `disconnected`; the store is probed with a write lock at each report. A component's change of
/// state between two reports is logged once (info when it recovers, warning when it fails).
public final class Readiness: Sendable {
    /// One component's state: a word for machines, a detail for people.
    package struct Component: Sendable, Equatable {
        package var name: String
        package var state: String
        package var ok: Bool
        package var detail: String?
    }

    private let connections: [(name: String, connection: AMQPConnection)]
    private let store: EventhosStore
    private let logger: Logger
    private let topologyDeclared = Atomic<Bool>(false)
    private let consumersRunning = Atomic<Bool>(false)
    /// The last state each connection reported, for what `isConnected` cannot tell (blocked, why down).
    private let connectionStates = Mutex<[String: AMQPConnectionState]>([:])
    /// What the last report said of each component, to log changes only.
    private let lastReported = Mutex<[String: Bool]>([:])

    package init(connections: [(name: String, connection: AMQPConnection)], store: EventhosStore, logger: Logger) {
        self.connections = connections
        self.store = store
        self.logger = logger
    }

    func markTopologyDeclared(_ declared: Bool) {
        topologyDeclared.store(declared, ordering: .releasing)
    }

    /// Whether the broker topology of the registry is declared: until it is, an event published to
    /// `eventhos.events` could reach the audit queue but not every contract's queue.
    package var isTopologyDeclared: Bool {
        topologyDeclared.load(ordering: .acquiring)
    }

    func markConsumersRunning(_ running: Bool) {
        consumersRunning.store(running, ordering: .releasing)
    }

    /// A connection reported a new state (see ``ConnectionWatch``).
    func connection(_ name: String, changedTo state: AMQPConnectionState) {
        connectionStates.withLock { $0[name] = state }
    }

    /// Each component's state, and whether all of them are ready.
    package func report() async -> (ready: Bool, components: [Component]) {
        var components = connections.map { entry in
            Self.component(
                "broker.\(entry.name)", up: entry.connection.isConnected,
                last: connectionStates.withLock { $0[entry.name] })
        }
        let declared = isTopologyDeclared
        components.append(Component(name: "topology", state: declared ? "declared" : "pending", ok: declared))
        let running = consumersRunning.load(ordering: .acquiring)
        components.append(Component(name: "consumers", state: running ? "running" : "stopped", ok: running))
        do {
            try await store.checkWritable()
            components.append(Component(name: "store", state: "writable", ok: true))
        } catch {
            components.append(Component(name: "store", state: "unwritable", ok: false, detail: "\(error)"))
        }
        logChanges(components)
        return (components.allSatisfy(\.ok), components)
    }

    /// A connection's component: `isConnected` is the truth; the last reported state says why not.
    static func component(_ name: String, up: Bool, last: AMQPConnectionState?) -> Component {
        if up {
            return Component(name: name, state: "connected", ok: true)
        }
        switch last {
        case .blocked(let reason):
            return Component(name: name, state: "blocked", ok: false, detail: reason)
        case .disconnected(let reason):
            return Component(name: name, state: "disconnected", ok: false, detail: reason)
        case .connecting, .connected, .closed, nil:
            return Component(name: name, state: "disconnected", ok: false)
        }
    }

    private func logChanges(_ components: [Component]) {
        let changed = lastReported.withLock { last in
            components.filter { component in
                defer { last[component.name] = component.ok }
                return last[component.name].map { $0 != component.ok } ?? false
            }
        }
        for component in changed {
            let metadata: Logger.Metadata = [
                "component": "\(component.name)", "state": "\(component.state)", "detail": "\(component.detail ?? "")",
            ]
            if component.ok {
                logger.info("ready component recovered", metadata: metadata)
            } else {
                logger.warning("ready component not usable", metadata: metadata)
            }
        }
    }
}
