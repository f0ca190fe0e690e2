/// Why an exchange with a subscriber got no complete answer.
public enum SubscriberHTTPError: Error, Equatable, CustomStringConvertible {
    /// The URL is not an absolute `http` or `https` URL with a host.
    case invalidURL(String)
    /// No complete answer before the deadline (connecting, waiting for a connection, or answering).
    case timedOut
    /// The connection could not be opened; the cause as the system or TLS told it.
    case connectFailed(origin: String, cause: String)
    /// The TLS handshake failed: the subscriber's certificate was not trusted, its name did not
    /// match, or no protocol was agreed; the cause as the TLS library told it.
    case tlsFailed(cause: String)
    /// The connection failed or closed before the answer was complete; the cause as it was told.
    case connectionLost(cause: String)
    /// The client was shut down.
    case shutDown

    public var description: String {
        switch self {
        case .invalidURL(let url): "not an absolute http or https URL: \(url)"
        case .timedOut: "no complete answer before the timeout"
        case .connectFailed(let origin, let cause): "could not connect to \(origin): \(cause)"
        case .tlsFailed(let cause): "TLS handshake failed: \(cause)"
        case .connectionLost(let cause): "the connection failed before the answer was complete: \(cause)"
        case .shutDown: "the HTTP client is shut down"
        }
    }
}
