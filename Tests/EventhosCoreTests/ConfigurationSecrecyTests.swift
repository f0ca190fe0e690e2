import EventhosCore
import Foundation
import Testing

@Suite struct ConfigurationSecrecyTests {
    private static let secrets = [
        "inline-producer-key-0001", "env-producer-key-0002", "admin-token-0003", "inline-admin-token-0004", "secret-key-0005",
        "bearer-0006", "password-0007", "api-key-0008", "client-secret-0009", "signing-0010",
    ]

    private static let yaml = """
        security:
          adminTokens:
            - { name: ops, tokenEnv: ADMIN_TOKEN, role: admin }
            - { name: dev, token: inline-admin-token-0004, role: operator }
          secretKeyEnv: SECRET_KEY
        systems:
          - { identifier: crm, name: CRM, class: producer, keys: [ { name: dev, key: inline-producer-key-0001 }, { name: prod, keyEnv: CRM_KEY } ] }
          - { identifier: erp, name: ERP }
        actions:
          - { identifier: a, name: A, operation: new, subscriber: erp, http: { url: "http://erp" }, security: { type: bearer, tokenEnv: BEARER }, signing: { secretEnv: SIGNING } }
          - { identifier: b, name: B, operation: new, subscriber: erp, http: { url: "http://erp" }, security: { type: basic, username: u, passwordEnv: PASSWORD } }
          - { identifier: c, name: C, operation: new, subscriber: erp, http: { url: "http://erp" }, security: { type: api-key, name: k, valueEnv: API_KEY } }
          - { identifier: d, name: D, operation: new, subscriber: erp, http: { url: "http://erp" }, security: { type: oauth2-client-credentials, tokenUrl: "http://id/token", clientId: c, clientSecretEnv: CLIENT_SECRET } }
        """

    private static let environment = [
        "CRM_KEY": "env-producer-key-0002", "ADMIN_TOKEN": "admin-token-0003", "SECRET_KEY": "secret-key-0005", "BEARER": "bearer-0006",
        "PASSWORD": "password-0007", "API_KEY": "api-key-0008", "CLIENT_SECRET": "client-secret-0009", "SIGNING": "signing-0010",
    ]

    @Test func keysAreKeptOnlyAsHashesAndSecretsNeverDescribed() throws {
        let configuration = try EventhosConfiguration.parse(yaml: Self.yaml, environment: Self.environment)
        let described = [String(describing: configuration), String(reflecting: configuration)]
        for secret in Self.secrets {
            #expect(described.allSatisfy { !$0.contains(secret) }, "\(secret) is in the description")
        }
        #expect(configuration.registry.systems[0].keys.map(\.hash) == [
            ProducerKeyHash(key: "inline-producer-key-0001"), ProducerKeyHash(key: "env-producer-key-0002"),
        ])
        #expect(configuration.security.secretKey?.value == "secret-key-0005")
    }

    @Test func problemsNeverShowSecrets() {
        let broken = Self.yaml.replacingOccurrences(of: "role: operator", with: "role: root")
            .replacingOccurrences(of: "name: prod, keyEnv: CRM_KEY", with: "name: dev, key: inline-producer-key-0001")
            .replacingOccurrences(of: "tokenEnv: BEARER", with: "tokenEnv: bearer-0006")
            .replacingOccurrences(of: "username: u", with: "username: [password-0007]")
        let found = problems(in: broken, environment: Self.environment)
        #expect(found.map(\.path) == [
            "security.adminTokens[1].role", "systems[0].keys[1].name", "systems[0].keys[1]",
            "actions[0].security.tokenEnv", "actions[1].security.username",
        ])
        let described = ConfigurationError(problems: found).description
        #expect(Self.secrets.allSatisfy { !described.contains($0) })
    }
}
