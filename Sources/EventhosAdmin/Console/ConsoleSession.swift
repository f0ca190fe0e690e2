import EventhosCore
import EventhosEngine

/// Who is signed in to the console for one request: the admin token the session was opened with,
/// its role, and the session's CSRF token that every POST form of the page must carry.
struct ConsoleSession: Sendable, Hashable {
    /// The admin token's name (`security.adminTokens[].name`).
    var tokenName: String
    var role: AdminToken.Role
    /// The value of the hidden `csrf` field of every POST form.
    var csrf: String
    /// The SHA-256 of the session id, as the store knows it.
    var idHash: ProducerKeyHash
}
