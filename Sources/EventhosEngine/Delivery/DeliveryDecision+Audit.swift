import EventhosCore
import EventhosStore

extension ExecutionState {
    /// The state a delivery's audit row takes once a try's decision is followed.
    init(after decision: DeliveryDecision) {
        switch decision {
        case .complete: self = .completed
        case .retry: self = .retrying
        case .deadLetter: self = .error
        }
    }
}

extension TryOutcome {
    /// How the audit records a try with this verdict.
    init(_ verdict: TryVerdict) {
        switch verdict {
        case .success: self = .success
        case .retryable: self = .retryable
        case .permanent: self = .failed
        }
    }
}
