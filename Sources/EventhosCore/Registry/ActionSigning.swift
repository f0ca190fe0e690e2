/// How an action signs its requests: HMAC-SHA256 in the Standard Webhooks headers
/// `webhook-id`, `webhook-timestamp` and `webhook-signature`.
public struct ActionSigning: Sendable, Hashable {
    /// The shared signing secret.
    public var secret: Secret

    public init(secret: Secret) {
        self.secret = secret
    }
}
