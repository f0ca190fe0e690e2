import EventhosCore
import EventhosJSON
import EventhosTemplates
import OrderedCollections

/// An ``ActionSecurity`` and an ``ActionSigning`` split as `action_security` stores them: the
/// security's type, its settings in clear, and the secret fields, which are only ever written encrypted.
///
/// | type | settings | secret fields |
/// |---|---|---|
/// | `none` | `{}` | — |
/// | `bearer` | `{}` | `token` |
/// | `basic` | `user` | `password` |
/// | `api-key` | `name`, `placement` (`header`/`query`) | `value` |
/// | `oauth2-client-credentials` | `tokenUrl`, `clientId`, `scope`, `audience`, `extraFields` | `clientSecret` |
///
/// A signing action adds the secret fields `signingSecret` and, during a rotation, `signingPreviousSecret`.
struct StoredSecurity: Equatable {
    var type: String
    var settings: JSONValue
    /// The secret fields as one JSON object; `nil` when the type has none.
    var secrets: JSONValue?

    init(_ security: ActionSecurity, signing: ActionSigning?) {
        self.init(security, secrets: [
            "signingSecret": signing?.secret, "signingPreviousSecret": signing?.previousSecret,
        ].compactMapValues { $0 })
    }

    /// The columns of `security`, with `extraSecrets` among its secret fields.
    private init(_ security: ActionSecurity, secrets extraSecrets: [String: Secret]) {
        let extra = extraSecrets.isEmpty ? nil : extraSecrets
        switch security {
        case .none:
            self.init(type: "none", settings: [:], secrets: extra)
        case .bearer(let token):
            self.init(type: "bearer", settings: [:], secrets: extraSecrets.merging(["token": token]) { $1 })
        case .basic(let user, let password):
            self.init(type: "basic", settings: ["user": .string(user)], secrets: extraSecrets.merging(["password": password]) { $1 })
        case .apiKey(let name, let placement, let value):
            self.init(
                type: "api-key", settings: ["name": .string(name), "placement": .string(placement.rawValue)],
                secrets: extraSecrets.merging(["value": value]) { $1 })
        case .oauth2ClientCredentials(let grant):
            self.init(
                type: "oauth2-client-credentials",
                settings: [
                    "tokenUrl": .string(grant.tokenURL), "clientId": .string(grant.clientId),
                    "scope": grant.scope.map(JSONValue.string) ?? .null,
                    "audience": grant.audience.map(JSONValue.string) ?? .null,
                    "extraFields": JSONValue(stringMembers: grant.extraFields.map { ($0.key, $0.value) }),
                ],
                secrets: extraSecrets.merging(["clientSecret": grant.clientSecret]) { $1 })
        }
    }

    init(type: String, settings: JSONObject, secrets: [String: Secret]?) {
        self.type = type
        self.settings = .object(settings)
        self.secrets = secrets.map { secrets in
            JSONValue(stringMembers: secrets.sorted { $0.key < $1.key }.map { ($0.key, $0.value.value) })
        }
    }

    init(type: String, settings: JSONValue, secrets: JSONValue?) {
        self.type = type
        self.settings = settings
        self.secrets = secrets
    }

    /// The security these columns describe.
    func security() throws(StoreError) -> ActionSecurity {
        switch type {
        case "none":
            return .none
        case "bearer":
            return .bearer(token: try secret("token"))
        case "basic":
            return .basic(user: try settings.string("user"), password: try secret("password"))
        case "api-key":
            let placement = try EventhosStore.decode(ActionSecurity.APIKeyPlacement.self, settings.string("placement"))
            return .apiKey(name: try settings.string("name"), placement: placement, value: try secret("value"))
        case "oauth2-client-credentials":
            return .oauth2ClientCredentials(
                .init(
                    tokenURL: try settings.string("tokenUrl"), clientId: try settings.string("clientId"),
                    clientSecret: try secret("clientSecret"), scope: try settings.optionalString("scope"),
                    audience: try settings.optionalString("audience"), extraFields: try extraFields()))
        default:
            throw StoreError(.invalidRow, "unknown action security type '\(type)'")
        }
    }

    /// The signing these columns describe, `nil` for an action that does not sign.
    func signing() throws(StoreError) -> ActionSigning? {
        guard let secret = try secrets?.optionalString("signingSecret") else { return nil }
        return ActionSigning(
            secret: Secret(secret), previousSecret: try secrets?.optionalString("signingPreviousSecret").map(Secret.init))
    }

    /// The OAuth `extraFields`, none in a row written before they existed.
    private func extraFields() throws(StoreError) -> OrderedDictionary<String, String> {
        guard case .object(let object) = settings, let fields = object["extraFields"], fields != .null else { return [:] }
        let members = try fields.stringMembers()
        return OrderedDictionary(members.map { ($0.key, $0.value) }) { first, _ in first }
    }

    private func secret(_ key: String) throws(StoreError) -> Secret {
        guard let secrets else {
            throw StoreError(.invalidRow, "action security '\(type)' has no secret")
        }
        return Secret(try secrets.string(key))
    }
}
