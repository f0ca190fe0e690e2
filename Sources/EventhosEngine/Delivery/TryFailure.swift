import SubscriberHTTP

/// Why a try got no answer from the subscriber.
///
/// The audit keeps its ``description`` (`timeout: …`, `connection error: …`, or what the token
/// endpoint said); a try's span reports its ``errorType``.
package enum TryFailure: Sendable, Equatable, CustomStringConvertible {
    /// No answer within the action's timeout.
    case timeout(String)
    /// The connection could not be made or broke.
    case connection(String)
    /// The action's credentials could not be had (an OAuth token endpoint failed).
    case credentials(String)

    /// Classifies an error of the subscribers' HTTP client.
    init(_ error: SubscriberHTTPError) {
        switch error {
        case .timedOut: self = .timeout(error.description)
        default: self = .connection(error.description)
        }
    }

    public var description: String {
        switch self {
        case .timeout(let detail): "timeout: \(detail)"
        case .connection(let detail): "connection error: \(detail)"
        case .credentials(let detail): detail
        }
    }

    /// OpenTelemetry's `error.type` of a try that got no answer.
    var errorType: String {
        switch self {
        case .timeout: "timeout"
        case .connection: "connection"
        case .credentials: "_OTHER"
        }
    }

    /// The same failure with its detail passed through `transform` (the redaction of secrets).
    func mapDetail(_ transform: (String) -> String) -> TryFailure {
        switch self {
        case .timeout(let detail): .timeout(transform(detail))
        case .connection(let detail): .connection(transform(detail))
        case .credentials(let detail): .credentials(transform(detail))
        }
    }
}
