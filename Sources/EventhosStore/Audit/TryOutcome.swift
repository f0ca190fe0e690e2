/// How one try ended: `contract_exc_try.state`.
public enum TryOutcome: String, Sendable, Hashable, CaseIterable {
    /// The subscriber answered 2xx.
    case success
    /// 408, 429, 5xx, a timeout or a connection error: worth another try.
    case retryable
    /// Any other answer: permanent, dead-lettered at once.
    case failed
}
