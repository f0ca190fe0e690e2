extension AuditWriter {
    /// What the writer has committed so far, for metrics and tests.
    public struct Statistics: Sendable, Hashable {
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
