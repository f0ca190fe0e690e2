import Foundation

/// The delivery of one received event by one contract, with its tries: a row of
/// `contract_exc_detail` and its `contract_exc_try` rows.
public struct ExecutionRow: Sendable, Equatable {
    /// One try: a row of `contract_exc_try`.
    public struct Try: Sendable, Equatable {
        public var attempt: Int
        public var outcome: TryOutcome
        public var request: RecordedRequest
        public var response: RecordedResponse?
        public var error: String?
        public var warnings: [String]
        public var executedAt: Date
        public var finishedAt: Date
        public var durationMilliseconds: Int
    }

    /// The contract identifier.
    public var contract: String
    public var receivedEventId: String
    public var state: ExecutionState
    /// The highest attempt recorded.
    public var attempts: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// The tries, first attempt first.
    public var tries: [Try]
    /// Why the delivery waits for lower-order contracts (`contract_exc_detail.waiting_for`), while it does.
    public var waitingFor: String? = nil
    /// Why the delivery ended without a try (`contract_exc_detail.reason`): `filtered`, `expired`.
    public var reason: String? = nil
}
