import Foundation

/// A delivery that ended without a try: the new state of its `contract_exc_detail`, with the reason.
public struct DeliverySettlement: Sendable, Equatable {
    /// Why no try was made.
    public enum Reason: String, Sendable, Hashable {
        /// The contract's filter left the event out: state `SKIPPED`.
        case filtered
        /// The event was older than the contract's `maxAge`: state `ERROR`, dead-lettered.
        case expired
        /// An operator let go of the delivery that blocked its partition (`onDead: block`): state
        /// `ERROR`, dead-lettered.
        case operatorSkip = "operator-skip"
    }

    /// The contract identifier.
    public var contract: String
    public var receivedEventId: String
    public var reason: Reason
    /// The attempts already made, so that a delivery that expires between two tries keeps its count.
    public var attempts: Int
    public var at: Date

    public init(contract: String, receivedEventId: String, reason: Reason, attempts: Int, at: Date) {
        self.contract = contract
        self.receivedEventId = receivedEventId
        self.reason = reason
        self.attempts = attempts
        self.at = at
    }

    /// The state the delivery is left in.
    public var state: ExecutionState {
        switch reason {
        case .filtered: .skipped
        case .expired, .operatorSkip: .error
        }
    }
}
