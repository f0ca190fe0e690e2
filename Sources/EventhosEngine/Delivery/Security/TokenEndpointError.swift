/// A token endpoint did not give an access token: the try fails, retryable, with this text.
struct TokenEndpointError: Error, Equatable, CustomStringConvertible {
    /// What went wrong, never holding a credential.
    var reason: String

    init(_ reason: String) {
        self.reason = reason
    }

    var description: String { "token endpoint: \(reason)" }
}
