/// How an action signs its requests: HMAC-SHA256 in the Standard Webhooks headers
/// `webhook-id`, `webhook-timestamp` and `webhook-signature`.
public struct ActionSigning: Sendable, Hashable {
    /// The shared signing secret.
    public var secret: Secret
    /// The secret being rotated out: while it is set, every request carries a signature made with
    /// each secret, so subscribers that still hold it keep verifying.
    public var previousSecret: Secret?

    public init(secret: Secret, previousSecret: Secret? = nil) {
        self.secret = secret
        self.previousSecret = previousSecret
    }

    /// The secrets requests are signed with, the current one first.
    public var secrets: [Secret] {
        [secret] + (previousSecret.map { [$0] } ?? [])
    }
}
