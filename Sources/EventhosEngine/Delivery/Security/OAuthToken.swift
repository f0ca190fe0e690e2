import EventhosJSON
import EventhosTemplates

/// An access token from a token endpoint, and the response it came in.
struct OAuthToken: Sendable, Equatable {
    /// Lifetime assumed when the endpoint gives no `expires_in`.
    static let defaultLifetime: Duration = .seconds(300)

    var accessToken: String
    /// When a new token is fetched instead: shortly before the endpoint's `expires_in`.
    var refreshAt: ContinuousClock.Instant
    /// `{"body": ..., "headers": {...}}`, as templates read it in `${.oauthResponse...}`.
    var response: JSONValue

    /// What the response holds that must never be recorded: the access token, and every string
    /// member of its body whose name ends in `token` (`refresh_token`, `id_token`).
    var secrets: [String] {
        guard case .object(let body)? = response["body"] else { return [accessToken] }
        return [accessToken] + body.compactMap { name, value in
            guard name.lowercased().hasSuffix("token"), case .string(let text) = value else { return nil }
            return text
        }
    }

    /// A token received at `receivedAt`, valid for `lifetime`; it is refreshed 10 % of its
    /// lifetime before it expires, but never more than 30 seconds before.
    init(accessToken: String, lifetime: Duration, receivedAt: ContinuousClock.Instant, response: JSONValue) {
        self.accessToken = accessToken
        refreshAt = receivedAt + lifetime - min(.seconds(30), lifetime / 10)
        self.response = response
    }
}
