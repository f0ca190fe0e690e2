extension AuditWriter {
    /// Records submitted together, and the caller waiting for their batch to commit.
    struct Submission: Sendable {
        let records: [AuditRecord]
        /// Whether the records may wait for others (`maxDelay`); a submission that may not ends the wait.
        let mayWait: Bool
        let continuation: CheckedContinuation<Result<Void, StoreError>, Never>
        let submittedAt = ContinuousClock.now
    }

    /// The queue between the submitting tasks and the writer task, kept behind a mutex.
    ///
    /// Its methods never resume a continuation nor cancel a task themselves: they hand the work
    /// back to the caller, who does it after releasing the lock.
    struct State: Sendable {
        private var pending: [Submission] = []
        /// The writer, suspended until something is submitted.
        private var idleWriter: CheckedContinuation<Void, Never>?
        /// The timer of the writer's wait for a fuller batch.
        private var linger: Task<Void, Never>?
        private var isFinishing = false
        private(set) var statistics = Statistics()

        /// What a submitter does once the lock is released.
        enum SubmitAction {
            case none
            case wakeWriter(CheckedContinuation<Void, Never>)
            case endLinger(Task<Void, Never>)
            case reject
        }

        mutating func submit(_ submission: Submission, fillTarget: Int) -> SubmitAction {
            guard !isFinishing else { return .reject }
            pending.append(submission)
            statistics.queued += submission.records.count
            if let writer = idleWriter {
                idleWriter = nil
                return .wakeWriter(writer)
            }
            if statistics.queued >= fillTarget || !submission.mayWait, let timer = linger {
                linger = nil
                return .endLinger(timer)
            }
            return .none
        }

        /// Parks the writer unless there is work or it must finish; returns whether to resume it at once.
        mutating func parkWriter(_ writer: CheckedContinuation<Void, Never>) -> Bool {
            guard pending.isEmpty, !isFinishing else { return true }
            idleWriter = writer
            return false
        }

        /// When the next batch must close: `maxDelay` after its oldest submission.
        func batchDeadline(maxDelay: Duration) -> ContinuousClock.Instant {
            (pending.first?.submittedAt ?? .now) + maxDelay
        }

        /// Starts waiting for a fuller batch; returns whether the wait is already over (the batch has
        /// `fillTarget` records, a submission may not wait, or the writer finishes).
        mutating func startLinger(_ timer: Task<Void, Never>, fillTarget: Int) -> Bool {
            guard statistics.queued < fillTarget, !isFinishing, pending.allSatisfy(\.mayWait) else { return true }
            linger = timer
            return false
        }

        mutating func endLinger() {
            linger = nil
        }

        /// The oldest submissions, up to `maxBatch` records (or one larger submission); empty only once drained.
        mutating func takeBatch(maxBatch: Int) -> [Submission] {
            var count = 0
            var taken = 0
            while taken < pending.count, taken == 0 || count + pending[taken].records.count <= maxBatch {
                count += pending[taken].records.count
                taken += 1
            }
            let batch = Array(pending.prefix(taken))
            pending.removeFirst(taken)
            statistics.queued -= count
            return batch
        }

        /// Stops taking submissions; returns the writer to wake and the timer to end.
        mutating func finish() -> (writer: CheckedContinuation<Void, Never>?, linger: Task<Void, Never>?) {
            isFinishing = true
            defer {
                idleWriter = nil
                linger = nil
            }
            return (idleWriter, linger)
        }

        mutating func recordCommit(records: Int, succeeded: Bool) {
            statistics.batches += 1
            statistics.records += records
            statistics.largestBatch = max(statistics.largestBatch, records)
            if !succeeded { statistics.failedBatches += 1 }
        }
    }
}
