/// A bearer token of the admin API. Only its hash is kept.
public struct AdminToken: Sendable, Hashable {
    /// What a token may do.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        /// Everything.
        case admin
        /// Read, redrive dead letters and replay events.
        case `operator`
        /// Read only.
        case viewer
    }

    /// A name for logs and audits, such as the person or tool holding the token.
    public var name: String
    /// The SHA-256 of the token, compared in constant time like a producer key's.
    public var tokenHash: ProducerKeyHash
    public var role: Role

    public init(name: String, tokenHash: ProducerKeyHash, role: Role) {
        self.name = name
        self.tokenHash = tokenHash
        self.role = role
    }
}
