import EventhosCore
import EventhosStore

/// The registry as the admin API changes it: the store holds it; after every change the snapshot
/// that ingest reads is swapped (no lock on the hot path) and the ``ContractSupervisor`` brings the
/// broker's queues and bindings and the running workers in line, without a restart.
actor LiveRegistry {
    nonisolated let store: EventhosStore
    nonisolated let defaultRetry: RetryPolicy
    private let reference: RegistryReference
    private let supervisor: ContractSupervisor
    private var generation = 0

    init(store: EventhosStore, reference: RegistryReference, supervisor: ContractSupervisor, defaultRetry: RetryPolicy) {
        self.store = store
        self.reference = reference
        self.supervisor = supervisor
        self.defaultRetry = defaultRetry
    }

    /// Reads the registry from the store, makes it the one in force, and returns what changed for
    /// each contract. Changes are followed in the order of their reloads.
    func reload() async throws(StoreError) -> [ContractTopologyChange] {
        let registry = try await store.loadRegistry()
        let snapshot = RegistrySnapshot(registry: registry, defaultRetry: defaultRetry)
        reference.replace(with: snapshot)
        generation += 1
        return await supervisor.follow(registry, snapshot: snapshot, generation: generation)
    }
}
