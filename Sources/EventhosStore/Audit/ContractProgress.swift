import Foundation

/// How far one contract got with one received event, as the order of the contracts of an event
/// needs it.
public struct ContractProgress: Sendable, Hashable {
    /// The contract identifier.
    public var contract: String
    /// When the contract was created: a contract created after an event was received never got it.
    public var createdAt: Date
    /// The state of the contract's execution of the event; `nil` before its first try was recorded.
    public var state: ExecutionState?

    public init(contract: String, createdAt: Date, state: ExecutionState?) {
        self.contract = contract
        self.createdAt = createdAt
        self.state = state
    }
}
