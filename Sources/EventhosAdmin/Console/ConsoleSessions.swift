import Crypto
import EventhosCore
import EventhosEngine
import EventhosStore
import Foundation

/// Opens, finds and closes the console's sessions.
///
/// A session id is 32 random bytes (base64url in the `eventhos_console` cookie); the store keeps
/// only its SHA-256, with the admin token's name, hash and role and an expiry, so that sessions
/// outlive a restart and sign-out ends them on the server. Each request re-checks that the token
/// is still in the configuration with the same role. The CSRF token is an HMAC of the session id
/// (which only the cookie holds), so it needs no storage and survives restarts too.
struct ConsoleSessions: Sendable {
    /// The session cookie's name.
    static let cookie = "eventhos_console"
    /// How long a session lasts from sign-in.
    static let lifetime: Duration = .seconds(12 * 3600)

    let store: EventhosStore
    /// The admin tokens of the configuration.
    let tokens: [AdminToken]

    /// Opens a session for `token` when it is one of ``tokens``; returns the session id for the cookie.
    func signIn(presenting token: String, now: Date = Date()) async throws -> (id: String, session: ConsoleSession)? {
        guard let match = AdminAuthentication(tokens: tokens).caller(presenting: "Bearer " + token) else { return nil }
        let id = Data.random(count: 32).base64URLEncodedString()
        let expiresAt = now.addingTimeInterval(Double(Self.lifetime.components.seconds))
        let idHash = ProducerKeyHash(key: id)
        try await store.openConsoleSession(
            idHash: idHash, ConsoleSessionRecord(tokenName: match.name, tokenHash: match.tokenHash, role: match.role, expiresAt: expiresAt),
            now: now)
        return (id, ConsoleSession(tokenName: match.name, role: match.role, csrf: Self.csrf(sessionId: id), idHash: idHash))
    }

    /// The session of the cookie `id`, unless it expired, was closed, or its token is no longer
    /// configured with the same role.
    func session(id: String, now: Date = Date()) async throws -> ConsoleSession? {
        let idHash = ProducerKeyHash(key: id)
        guard let record = try await store.consoleSession(idHash: idHash, now: now),
            tokens.contains(where: { $0.name == record.tokenName && $0.role == record.role && $0.tokenHash.constantTimeEquals(record.tokenHash) })
        else { return nil }
        return ConsoleSession(tokenName: record.tokenName, role: record.role, csrf: Self.csrf(sessionId: id), idHash: idHash)
    }

    /// Ends `session` on the server (sign-out).
    func signOut(_ session: ConsoleSession) async throws {
        try await store.closeConsoleSession(idHash: session.idHash)
    }

    /// The CSRF token of a session: HMAC-SHA256 keyed with the session id.
    static func csrf(sessionId: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("eventhos-console-csrf".utf8), using: SymmetricKey(data: Data(sessionId.utf8)))
        return Data(code).base64URLEncodedString()
    }

    /// Whether a presented CSRF value is `expected`, compared in constant time.
    static func matches(_ presented: String?, _ expected: String) -> Bool {
        guard let presented else { return false }
        return ProducerKeyHash(key: presented).constantTimeEquals(ProducerKeyHash(key: expected))
    }
}
