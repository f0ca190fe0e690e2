import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosTemplates
import OrderedCollections

/// The security part of the action form: a `security` select and, for each type, its settings as
/// `security.<key>` fields (shown by the script only for the selected type). Secret fields are
/// never filled; left empty while editing a row of the same type, the stored secret is kept.
enum ConsoleActionSecurityForm {
    /// Each type's settings: key, label, whether it is a secret.
    private static let settings: [(type: String, keys: [(key: String, label: String, secret: Bool)])] = [
        ("bearer", [("token", "Bearer token", true)]),
        ("basic", [("username", "User name", false), ("password", "Password", true)]),
        ("api-key", [("name", "Key name", false), ("in", "Sent in", false), ("value", "Key value", true)]),
        (
            "oauth2-client-credentials",
            [
                ("tokenUrl", "Token URL", false), ("clientId", "Client id", false), ("clientSecret", "Client secret", true),
                ("scope", "Scope", false), ("audience", "Audience", false),
            ]
        ),
    ]

    static func fields(editing: Bool) -> [ConsoleField] {
        let select = ConsoleField(
            "security", "Security", .select, hint: "How Eventhos authenticates to the subscriber.",
            options: ConsoleField.options(["none"] + settings.map(\.type)))
        return ([select]
            + settings.flatMap { type, keys in
                keys.map { key, label, secret in
                    if key == "in" {
                        return ConsoleField("security.in", label, .select, options: ConsoleField.options(["header", "query"]), security: type)
                    }
                    return ConsoleField(
                        "security.\(key)", label, secret ? .password : .text,
                        hint: secret && editing ? "Leave empty to keep the stored one." : nil, security: type)
                }
            }).map { $0.grouped("Security") }
    }

    /// The form's values of a stored `security` (secrets are masked there, and left out).
    static func values(_ security: JSONObject) -> [(String, String)] {
        security.compactMap { key, value in
            guard case .string(let text) = value, value != RegistryRowJSON.masked else { return nil }
            return key == "type" ? ("security", text) : ("security.\(key)", text)
        }
    }

    /// The `security` row of the form; an empty secret takes the value of `stored` when it has the same
    /// type, and so do an OAuth grant's `extraFields`, which the form does not show.
    static func json(_ form: ConsoleForm, keeping stored: ActionSecurity?) -> JSONObject {
        let type = form.text("security").isEmpty ? "none" : form.text("security")
        var json: JSONObject = ["type": .string(type)]
        for (key, _, secret) in settings.first(where: { $0.type == type })?.keys ?? [] {
            let text = form.text("security.\(key)")
            if !text.isEmpty {
                json[key] = .string(text)
            } else if secret, let kept = stored.flatMap({ storedSecret(key, type: type, in: $0) }) {
                json[key] = .string(kept)
            }
        }
        if type == "oauth2-client-credentials", case .oauth2ClientCredentials(let credentials)? = stored, !credentials.extraFields.isEmpty {
            json["extraFields"] = .object(credentials.extraFields.mapValues(JSONValue.string))  // not in the form: kept as stored
        }
        return json
    }

    private static func storedSecret(_ key: String, type: String, in security: ActionSecurity) -> String? {
        switch (security, type, key) {
        case (.bearer(let token), "bearer", "token"): token.value
        case (.basic(_, let password), "basic", "password"): password.value
        case (.apiKey(_, _, let value), "api-key", "value"): value.value
        case (.oauth2ClientCredentials(let credentials), "oauth2-client-credentials", "clientSecret"): credentials.clientSecret.value
        default: nil
        }
    }
}
