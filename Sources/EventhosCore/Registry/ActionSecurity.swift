import OrderedCollections

/// How an action authenticates to its subscriber.
public enum ActionSecurity: Sendable, Hashable {
    case none
    case bearer(token: Secret)
    case basic(user: String, password: Secret)
    case apiKey(name: String, placement: APIKeyPlacement, value: Secret)
    case oauth2ClientCredentials(OAuth2ClientCredentials)

    /// Where an API key travels.
    public enum APIKeyPlacement: String, Sendable, Hashable, CaseIterable {
        case header
        case query
    }

    /// The settings of the OAuth 2 client-credentials grant.
    public struct OAuth2ClientCredentials: Sendable, Hashable {
        public var tokenURL: String
        public var clientId: String
        public var clientSecret: Secret
        public var scope: String?
        public var audience: String?
        /// More fields of the token request's form, in order, such as `resource`; never secret.
        public var extraFields: OrderedDictionary<String, String>

        /// The form fields Eventhos writes itself, which `extraFields` may not name.
        public static let reservedFields: Set<String> = ["grant_type", "client_id", "client_secret", "scope", "audience"]

        public init(
            tokenURL: String, clientId: String, clientSecret: Secret, scope: String? = nil, audience: String? = nil,
            extraFields: OrderedDictionary<String, String> = [:]
        ) {
            self.tokenURL = tokenURL
            self.clientId = clientId
            self.clientSecret = clientSecret
            self.scope = scope
            self.audience = audience
            self.extraFields = extraFields
        }
    }
}

/// A credential value. Its description never shows the value, so it cannot leak into logs.
public struct Secret: Sendable, Hashable, CustomStringConvertible {
    public var value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "<redacted>" }
}
