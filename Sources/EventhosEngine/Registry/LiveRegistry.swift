import EventhosCore
import EventhosStore

/// The registry as the admin API changes it: the store holds it; after every change the snapshot
/// that ingest reads is swapped (no lock on the hot path) and the ``ContractSupervisor`` brings the
/// broker's queues and bindings and the running workers in line, without a restart.
package actor LiveRegistry {
    package nonisolated let store: EventhosStore
    package nonisolated let defaultRetry: RetryPolicy
    private nonisolated let reference: RegistryReference
    private let supervisor: ContractSupervisor
    private let announcer: RegistryAnnouncer?
    /// Tells operators of pauses and resumes.
    nonisolated let operatorEvents: OperatorEvents?
    private var generation = 0
    /// The registry in force, as last read from the store.
    private var loaded: RegistryDefinition

    package init(
        store: EventhosStore, reference: RegistryReference, supervisor: ContractSupervisor, defaultRetry: RetryPolicy,
        loaded: RegistryDefinition, operatorEvents: OperatorEvents? = nil, announcer: RegistryAnnouncer?
    ) {
        self.operatorEvents = operatorEvents
        self.store = store
        self.reference = reference
        self.supervisor = supervisor
        self.defaultRetry = defaultRetry
        self.loaded = loaded
        self.announcer = announcer
    }

    /// The registry snapshot in force.
    package nonisolated var snapshot: RegistrySnapshot {
        reference.current
    }

    /// How long the answer to a change made here waits for the broker to follow it: a stopped or
    /// unreachable broker gets the change once it is back, and the answer says `pending` instead
    /// of hanging.
    static let topologyPatience = Duration.seconds(5)

    /// After a change this instance made to the store: reloads, then tells the other instances.
    func changed() async throws(StoreError) -> [ContractTopologyChange] {
        let changes = await reload(try await store.loadRegistry(), patience: Self.topologyPatience)
        await announcer?.announce()
        return changes
    }

    /// Reloads the registry when the store holds another one (changed by another instance).
    /// - Returns: Whether it changed.
    func reloadIfChanged() async throws(StoreError) -> Bool {
        let registry = try await store.loadRegistry()
        guard registry != loaded else { return false }
        _ = await reload(registry)
        return true
    }

    /// Makes `registry` the one in force, and returns what changed for each contract (within
    /// `patience`, see ``ContractSupervisor/follow(_:snapshot:generation:patience:)``). Changes are
    /// followed in the order of their reloads.
    private func reload(_ registry: RegistryDefinition, patience: Duration? = nil) async -> [ContractTopologyChange] {
        loaded = registry
        let snapshot = RegistrySnapshot(registry: registry, defaultRetry: defaultRetry)
        reference.replace(with: snapshot)
        generation += 1
        return await supervisor.follow(registry, snapshot: snapshot, generation: generation, patience: patience)
    }
}
