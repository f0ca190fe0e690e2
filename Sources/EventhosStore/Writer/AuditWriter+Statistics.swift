extension AuditWriter {
    /// What the writer holds and has committed so far, for metrics and tests.
    public struct Statistics: Sendable, Hashable {
        /// Records submitted and not yet taken into a transaction: the depth of the queue.
        public var queued = 0
        /// Transactions attempted.
        public var batches = 0
        /// Records in those transactions.
        public var records = 0
        /// Records in the largest transaction.
        public var largestBatch = 0
        /// Transactions that failed; their callers got the error.
        public var failedBatches = 0
    }
}
