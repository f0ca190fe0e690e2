/// The admin API's tokens and the key that encrypts secrets at rest.
public struct SecuritySettings: Sendable, Hashable {
    public var adminTokens: [AdminToken]
    /// The environment variable that holds the secret key, as the file names it.
    public var secretKeyEnv: String?
    /// The secret key read from ``secretKeyEnv``.
    public var secretKey: Secret?

    public init(adminTokens: [AdminToken] = [], secretKeyEnv: String? = nil, secretKey: Secret? = nil) {
        self.adminTokens = adminTokens
        self.secretKeyEnv = secretKeyEnv
        self.secretKey = secretKey
    }
}
