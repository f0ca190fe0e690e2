import OrderedCollections

extension ActionSecurity {
    /// The `type` of a `security` mapping.
    private enum Kind: String, CaseIterable, ConfigScalar {
        case none
        case bearer
        case basic
        case apiKey = "api-key"
        case oauth2ClientCredentials = "oauth2-client-credentials"
    }

    /// Reads an action's `security`; its secrets are read from the environment (`...Env` keys) or inline.
    init?(config security: inout ConfigMapping) {
        guard let kind = security.required("type", as: Kind.self) else {
            security.acceptAllKeys()
            return nil
        }
        switch kind {
        case .none:
            self = .none
        case .bearer:
            guard let token = security.secret("token") else { return nil }
            self = .bearer(token: token)
        case .basic:
            let username = security.required("username", as: String.self)
            let password = security.secret("password")
            guard let username, let password else { return nil }
            self = .basic(user: username, password: password)
        case .apiKey:
            let name = security.required("name", as: String.self, .nonEmpty)
            let placement = security.optional("in", default: APIKeyPlacement.header)
            let value = security.secret("value")
            guard let name, let value else { return nil }
            self = .apiKey(name: name, placement: placement, value: value)
        case .oauth2ClientCredentials:
            let tokenURL = security.required("tokenUrl", as: String.self, .nonEmpty)
            let clientId = security.required("clientId", as: String.self)
            let clientSecret = security.secret("clientSecret")
            let scope = security.optional("scope", as: String.self)
            let audience = security.optional("audience", as: String.self)
            let extraFields = security.value("extraFields")?.mapping(Self.extraFields)
            guard let tokenURL, let clientId, let clientSecret else { return nil }
            let credentials = OAuth2ClientCredentials(
                tokenURL: tokenURL, clientId: clientId, clientSecret: clientSecret, scope: scope, audience: audience,
                extraFields: extraFields ?? [:]
            )
            self = .oauth2ClientCredentials(credentials)
        }
    }

    /// Reads `extraFields`: text values, none of them a field Eventhos writes itself.
    private static func extraFields(_ fields: inout ConfigMapping) -> OrderedDictionary<String, String>? {
        guard let read = fields.readAll(String.self) else { return nil }
        let reserved = read.keys.filter(OAuth2ClientCredentials.reservedFields.contains)
        for name in reserved {
            fields.report("\(name) is written by Eventhos: it cannot be an extra field", at: name)
        }
        return reserved.isEmpty ? read : nil
    }
}
