/// A contract with everything its delivery needs: its event, its action and the retry policy that applies.
public struct ContractRoute: Sendable, Hashable {
    public var contract: ContractDefinition
    public var event: EventDefinition
    public var action: ActionDefinition
    /// The contract's own policy, or the configuration's default when it has none.
    public var retry: RetryPolicy

    public init(contract: ContractDefinition, event: EventDefinition, action: ActionDefinition, retry: RetryPolicy) {
        self.contract = contract
        self.event = event
        self.action = action
        self.retry = retry
    }
}
