import Logging
import ServiceLifecycle
import Synchronization

/// Writes audit records in batches: one SQLite transaction for many records.
///
/// Group commit: while a batch commits, the next one fills, and it is written as soon as the
/// previous commit ended — so an idle writer commits a lone record at once, and a busy one writes
/// everything that queued meanwhile (up to `maxBatch`) in one transaction. A positive `maxDelay`
/// additionally holds a batch open until it has `fillTarget` records or that long after its first
/// record (fewer, larger transactions at the price of latency), unless a submission in it may not
/// wait (`mayWait: false`, the default), which closes it at once. Each `record`
/// returns only once its batch has committed, so a caller may then ack the broker, or throws the
/// store error, so that it nacks and the broker redelivers (writes are idempotent).
///
/// Run it as a `Service`, listed before the services that submit records: a `ServiceGroup` shuts
/// services down in reverse order, so the writer stops last. On graceful shutdown (or cancellation)
/// it writes what was submitted, then returns; it never abandons a transaction half-way.
/// Submissions after that throw ``StoreError/Code/writerStopped``; submissions before `run()`
/// starts wait for it.
public final class AuditWriter: Service, Sendable {
    private let store: EventhosStore
    private let maxBatch: Int
    private let maxDelay: Duration
    /// How many records end a batch's wait for others before `maxDelay`.
    public let fillTarget: Int
    private let logger: Logger
    private let onCommit: CommitObserver?
    private let state = Mutex(State())

    /// Told of every transaction once it ended: how many records, how long the commit took, whether it succeeded.
    public typealias CommitObserver = @Sendable (_ records: Int, _ duration: Duration, _ succeeded: Bool) -> Void

    /// - Parameters:
    ///   - store: Where the records go.
    ///   - maxBatch: The most records in one transaction (a single larger submission still goes whole).
    ///   - maxDelay: How long the oldest record of a batch waits for others; zero (the default) waits
    ///     only for the commit in progress.
    ///   - fillTarget: How many records end that wait before `maxDelay` (at most `maxBatch`, which
    ///     it defaults to). Below the records a consumer may hold unacknowledged, it keeps the wait
    ///     from capping that consumer's rate at its prefetch per `maxDelay`.
    ///   - logger: Where failed batches are reported.
    ///   - onCommit: Told of every transaction (for metrics).
    public init(
        store: EventhosStore, maxBatch: Int = 256, maxDelay: Duration = .zero, fillTarget: Int? = nil,
        logger: Logger, onCommit: CommitObserver? = nil
    ) {
        precondition(maxBatch > 0, "maxBatch must be positive")
        precondition((1...maxBatch).contains(fillTarget ?? maxBatch), "fillTarget must be between 1 and maxBatch")
        self.store = store
        self.maxBatch = maxBatch
        self.maxDelay = maxDelay
        self.fillTarget = fillTarget ?? maxBatch
        self.logger = logger
        self.onCommit = onCommit
    }

    /// What has been committed so far.
    public var statistics: Statistics {
        state.withLock { $0.statistics }
    }

    /// Submits one record and returns once its batch has committed.
    /// - Parameter mayWait: Whether the batch may stay open up to `maxDelay` for other records: true
    ///   when nothing waits for this commit but an acknowledgement; false when the caller's next
    ///   step is held until it commits (the next message of an ordered partition).
    public func record(_ record: AuditRecord, mayWait: Bool = false) async throws(StoreError) {
        try await self.record([record], mayWait: mayWait)
    }

    /// Submits records that commit in the same transaction, and returns once it has committed.
    /// - Parameter mayWait: As for ``record(_:mayWait:)-(AuditRecord,_)``.
    public func record(_ records: [AuditRecord], mayWait: Bool = false) async throws(StoreError) {
        guard !records.isEmpty else { return }
        let result = await withCheckedContinuation { continuation in
            let submission = Submission(records: records, mayWait: mayWait, continuation: continuation)
            switch state.withLock({ $0.submit(submission, fillTarget: fillTarget) }) {
            case .none:
                break
            case .wakeWriter(let writer):
                writer.resume()
            case .endLinger(let timer):
                timer.cancel()
            case .reject:
                continuation.resume(returning: .failure(StoreError(.writerStopped, "the audit writer has shut down")))
            }
        }
        try result.get()
    }

    /// Writes batches until graceful shutdown or cancellation, then drains what was submitted.
    public func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await writeBatches()
            } onGracefulShutdown: {
                self.finish()
            }
        } onCancel: {
            self.finish()
        }
    }

    private func writeBatches() async {
        while true {
            await waitForRecords()
            if maxDelay > .zero {
                await waitForFullerBatch()
            }
            let batch = state.withLock { $0.takeBatch(maxBatch: maxBatch) }
            guard !batch.isEmpty else { return }
            await commit(batch)
        }
    }

    private func waitForRecords() async {
        await withCheckedContinuation { writer in
            if state.withLock({ $0.parkWriter(writer) }) {
                writer.resume()
            }
        }
    }

    /// Waits until `maxDelay` after the oldest submission, unless the batch reaches `fillTarget` records
    /// (or shutdown starts) first. The timer is one task per batch, cancelled by the submission that
    /// reaches the target.
    private func waitForFullerBatch() async {
        let deadline = state.withLock { $0.batchDeadline(maxDelay: maxDelay) }
        let timer = Task { _ = try? await Task.sleep(until: deadline) }
        if state.withLock({ $0.startLinger(timer, fillTarget: fillTarget) }) {
            timer.cancel()
        }
        await timer.value
        state.withLock { $0.endLinger() }
    }

    private func commit(_ batch: [Submission]) async {
        let records = batch.flatMap(\.records)
        var failure: StoreError?
        let started = ContinuousClock.now
        do {
            try await store.write(records)
        } catch {
            logger.error("audit batch failed", metadata: ["records": "\(records.count)", "error": "\(error)"])
            failure = error
        }
        onCommit?(records.count, ContinuousClock.now - started, failure == nil)
        state.withLock { $0.recordCommit(records: records.count, succeeded: failure == nil) }
        let result: Result<Void, StoreError> = failure.map { .failure($0) } ?? .success(())
        for submission in batch {
            submission.continuation.resume(returning: result)
        }
    }

    private func finish() {
        let (writer, linger) = state.withLock { $0.finish() }
        writer?.resume()
        linger?.cancel()
    }
}
