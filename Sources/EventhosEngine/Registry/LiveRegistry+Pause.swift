import EventhosCore
import EventhosStore

extension LiveRegistry {
    /// Pauses (`pause` set) or resumes (`nil`) contracts, then makes the registry the one in force:
    /// a paused contract's worker stops (its messages and the retries that come due wait in its
    /// queue), a resumed one's starts again and delivers the backlog. The state is in the store, so
    /// it survives restarts and every instance follows it.
    ///
    /// - Returns: The contracts whose state changed; one already in the state asked is left out.
    package func setPause(_ pause: ContractPause?, contracts: [String]) async throws(StoreError) -> [String] {
        let changed = try await store.setPause(pause, contracts: contracts)
        guard !changed.isEmpty else { return [] }
        _ = try await self.changed()
        await operatorEvents?.pauseChanged(pause, contracts: changed, in: snapshot)
        return changed
    }
}
