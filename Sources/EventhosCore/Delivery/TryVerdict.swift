/// How the outcome of one HTTP try is judged (spec §5): 2xx succeeds; 408, 429, 5xx, time-outs
/// and connection errors may succeed later; any other status will not.
public enum TryVerdict: String, Sendable, Hashable {
    case success
    case retryable
    case permanent

    /// The verdict on a response status.
    public init(status: Int) {
        switch status {
        case 200..<300: self = .success
        case 408, 429, 500..<600: self = .retryable
        default: self = .permanent
        }
    }
}
