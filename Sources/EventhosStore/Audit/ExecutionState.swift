/// Where the delivery of one received event by one contract stands: `contract_exc_detail.state`.
public enum ExecutionState: String, Sendable, Hashable, CaseIterable {
    /// A try is running.
    case processing = "PROCESSING"
    /// A try failed and another one is scheduled.
    case retrying = "RETRYING"
    /// A try succeeded.
    case completed = "COMPLETED"
    /// Every try failed, or one failed for good: the message is in the contract's dead queue.
    case error = "ERROR"
    /// The contract's filter left the event out: no try, nothing more to do.
    case skipped = "SKIPPED"
}
