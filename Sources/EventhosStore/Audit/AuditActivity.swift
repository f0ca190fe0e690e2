import Foundation

/// What the audit recorded in a recent window of time, in equal buckets: the events received and
/// the executions that ended delivered or failed.
///
/// An execution counts in the bucket of its last update, with the state it has now: one that
/// completed, was replayed and then failed counts once, as failed.
public struct AuditActivity: Sendable, Equatable {
    /// The counts of one bucket, or of the whole window.
    public struct Counts: Sendable, Equatable {
        /// Received events, accepted or rejected.
        public var received: Int
        /// Executions in state `COMPLETED`.
        public var delivered: Int
        /// Executions in state `ERROR` (their message went to the contract's dead queue).
        public var failed: Int

        public init(received: Int = 0, delivered: Int = 0, failed: Int = 0) {
            self.received = received
            self.delivered = delivered
            self.failed = failed
        }
    }

    /// The start of the first bucket, on a whole minute.
    public var start: Date
    /// The length of one bucket.
    public var bucketMinutes: Int
    /// The buckets, oldest first: bucket `i` covers `start + i × bucketMinutes` for `bucketMinutes`.
    public var buckets: [Counts]

    public init(start: Date, bucketMinutes: Int, buckets: [Counts]) {
        self.start = start
        self.bucketMinutes = bucketMinutes
        self.buckets = buckets
    }

    /// The end of the last bucket.
    public var end: Date {
        start.addingTimeInterval(Double(buckets.count * bucketMinutes * 60))
    }

    /// The sums over the whole window.
    public var total: Counts {
        buckets.reduce(into: Counts()) { total, bucket in
            total.received += bucket.received
            total.delivered += bucket.delivered
            total.failed += bucket.failed
        }
    }
}
