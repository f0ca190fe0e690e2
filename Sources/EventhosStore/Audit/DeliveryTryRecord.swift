import Foundation

/// One finished try of a contract's action: a row of `contract_exc_try`, and the new state of
/// its `contract_exc_detail`.
public struct DeliveryTryRecord: Sendable, Equatable {
    /// The contract identifier.
    public var contract: String
    public var receivedEventId: String
    /// 1 for the first try.
    public var attempt: Int
    /// The state of the delivery after this try.
    public var detailState: ExecutionState
    public var outcome: TryOutcome
    public var request: RecordedRequest
    /// `nil` when no response came (timeout, connection error).
    public var response: RecordedResponse?
    public var error: String?
    /// Template warnings (placeholders that resolved to nothing…).
    public var warnings: [String]
    public var executedAt: Date
    public var finishedAt: Date

    public init(
        contract: String, receivedEventId: String, attempt: Int, detailState: ExecutionState, outcome: TryOutcome,
        request: RecordedRequest, response: RecordedResponse?, error: String? = nil, warnings: [String] = [],
        executedAt: Date, finishedAt: Date
    ) {
        self.contract = contract
        self.receivedEventId = receivedEventId
        self.attempt = attempt
        self.detailState = detailState
        self.outcome = outcome
        self.request = request
        self.response = response
        self.error = error
        self.warnings = warnings
        self.executedAt = executedAt
        self.finishedAt = finishedAt
    }
}
