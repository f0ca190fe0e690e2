/// What happens to a message after a try: a pure function of the try's verdict, its attempt
/// number, the contract's retry policy and the subscriber's `Retry-After`.
public enum DeliveryDecision: Sendable, Hashable {
    /// The action succeeded: acknowledge.
    case complete
    /// Try again after `delay`, as attempt `nextAttempt`.
    case retry(nextAttempt: Int, delay: Duration)
    /// Park the message in the contract's dead queue.
    case deadLetter(DeadLetterReason)

    /// Why a message ends in the dead queue.
    public enum DeadLetterReason: String, Sendable, Hashable {
        /// The subscriber answered a status that retrying will not change.
        case permanentFailure = "permanent-failure"
        /// Every attempt of the policy failed.
        case attemptsExhausted = "attempts-exhausted"
    }

    /// Decides the fate of a message whose try number `attempt` (1-based) ended with `verdict`.
    ///
    /// `retryAfter`, when the subscriber sent one, replaces the policy's delay if it is longer,
    /// but never exceeds the policy's longest delay.
    ///
    /// `budgetStart` is the attempt number where the policy's budget begins: 1 for a new message,
    /// later for a redriven or replayed one, whose attempt numbers keep counting (so every try
    /// keeps a number of its own) while it gets `maxAttempts` fresh tries and the backoff anew.
    public init(
        verdict: TryVerdict, attempt: Int, policy: RetryPolicy, retryAfter: Duration? = nil, budgetStart: Int = 1
    ) {
        let tryInBudget = attempt - min(max(budgetStart, 1), attempt) + 1
        switch verdict {
        case .success:
            self = .complete
        case .permanent:
            self = .deadLetter(.permanentFailure)
        case .retryable where tryInBudget >= policy.maxAttempts:
            self = .deadLetter(.attemptsExhausted)
        case .retryable:
            let planned = policy.delay(afterAttempt: tryInBudget)
            let longest = policy.backoff.max() ?? planned
            let delay = retryAfter.map { min(max($0, planned), longest) } ?? planned
            self = .retry(nextAttempt: attempt + 1, delay: delay)
        }
    }
}
