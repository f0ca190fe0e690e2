import EventhosCore
import EventhosTemplates
import Foundation

/// Applies an action's ``ActionSecurity`` to each of its tries.
struct ActionAuthenticator: Sendable {
    /// What one try carries to authenticate.
    struct Credentials: Sendable {
        /// Headers that replace those of the template with the same name.
        var headers: [(String, String)] = []
        /// Headers set only when the template does not set one with the same name.
        var defaultHeaders: [(String, String)] = []
        /// Query parameters appended to the URL.
        var query: [(String, String)] = []
        /// The OAuth token the try uses, whose response templates read as `${.oauthResponse...}`.
        var token: OAuthToken?
        /// Every value that must never be recorded or logged.
        var secrets: [String] = []
    }

    let security: ActionSecurity
    /// The action's token source, for `oauth2-client-credentials`.
    let tokens: OAuthTokenSource?

    /// The credentials of the next try; for OAuth, fetches a token when none is fresh.
    func credentials() async throws(TokenEndpointError) -> Credentials {
        switch security {
        case .none:
            return Credentials()
        case .bearer(let token):
            return Credentials(headers: [("Authorization", "Bearer \(token.value)")], secrets: [token.value])
        case .basic(let user, let password):
            let encoded = Data("\(user):\(password.value)".utf8).base64EncodedString()
            return Credentials(headers: [("Authorization", "Basic \(encoded)")], secrets: [password.value, encoded])
        case .apiKey(let name, .header, let value):
            return Credentials(headers: [(name, value.value)], secrets: [value.value])
        case .apiKey(let name, .query, let value):
            return Credentials(query: [(name, value.value)], secrets: [value.value])
        case .oauth2ClientCredentials(let grant):
            // `tokens` is set for every OAuth action (see `init(security:endpoint:)`).
            let token = try await tokens!.token()
            return Credentials(
                defaultHeaders: [("Authorization", "Bearer \(token.accessToken)")], token: token,
                secrets: token.secrets + [grant.clientSecret.value])
        }
    }

    /// After a 401 answered to `credentials`: whether new ones may help, the refused token dropped if so.
    func refused(_ credentials: Credentials) async -> Bool {
        guard let token = credentials.token, let tokens else { return false }
        await tokens.refused(token)
        return true
    }

    /// The secrets of the action's configuration, whatever a try fetched.
    var configuredSecrets: [String] {
        switch security {
        case .none: []
        case .bearer(let token): [token.value]
        case .basic(_, let password): [password.value]
        case .apiKey(_, _, let value): [value.value]
        case .oauth2ClientCredentials(let grant): [grant.clientSecret.value]
        }
    }
}

extension ActionAuthenticator {
    /// The authenticator of `security`; OAuth tokens are fetched through `endpoint`.
    init(security: ActionSecurity, endpoint: (ActionSecurity.OAuth2ClientCredentials) -> OAuthTokenEndpoint) {
        self.security = security
        if case .oauth2ClientCredentials(let grant) = security {
            let endpoint = endpoint(grant)
            tokens = OAuthTokenSource { () async throws(TokenEndpointError) in try await endpoint.fetch() }
        } else {
            tokens = nil
        }
    }
}
