import EventhosStore
import Foundation
import Synchronization

/// Claims producers' message ids for the intake with group commit: while one store transaction
/// runs, the claims that arrive wait together and go in the next one, so a busy intake writes
/// many ids per transaction and an idle one waits for no timer.
final class IngressClaims: Sendable {
    private typealias Claim = (id: String, continuation: CheckedContinuation<Result<Bool, StoreError>, Never>)

    private struct State {
        var pending: [Claim] = []
        /// Whether a task is writing batches; it takes what is pending until nothing is.
        var writing = false
    }

    private let store: EventhosStore
    private let window: Duration
    private let state = Mutex(State())

    /// - Parameter window: how long an id marks later messages with it as duplicates.
    init(store: EventhosStore, window: Duration) {
        self.store = store
        self.window = window
    }

    /// Whether `id` is the first with this id within the window (`false`: a duplicate).
    func claim(_ id: String) async throws(StoreError) -> Bool {
        let result = await withCheckedContinuation { continuation in
            let startWriter = state.withLock { state in
                state.pending.append((id, continuation))
                defer { state.writing = true }
                return !state.writing
            }
            if startWriter {
                Task { await self.writeBatches() }
            }
        }
        return try result.get()
    }

    private func writeBatches() async {
        while true {
            let batch = state.withLock { state in
                defer { state.pending = [] }
                state.writing = !state.pending.isEmpty
                return state.pending
            }
            guard !batch.isEmpty else { return }
            let results: Result<[Bool], StoreError>
            do {
                results = .success(try await store.claimIngressMessages(batch.map(\.id), at: Date(), window: window))
            } catch {
                results = .failure(error)
            }
            for (index, claim) in batch.enumerated() {
                claim.continuation.resume(returning: results.map { $0[index] })
            }
        }
    }
}
