extension AdminToken.Role: ConfigScalar {}

extension SecuritySettings {
    /// Reads the `security` section; tokens given by `tokenEnv` and the secret key are read from the environment.
    init(config section: inout ConfigMapping) {
        var names = UniquenessCheck<String>(of: "admin token name")
        let adminTokens = section.value("adminTokens")?.list { element in
            element.mapping { token in
                AdminToken(config: &token, names: &names)
            }
        }
        let secretKeyEnv = section.optional("secretKeyEnv", as: String.self, .environmentVariableName)
        self.init(
            adminTokens: adminTokens ?? [],
            secretKeyEnv: secretKeyEnv,
            secretKey: secretKeyEnv.flatMap { section.reader.environmentValue($0, namedAt: section.location(of: "secretKeyEnv")) }
                .map(Secret.init)
        )
    }
}

extension AdminToken {
    /// Reads one of `security.adminTokens`: `{ name, tokenEnv | token, role }`.
    fileprivate init?(config token: inout ConfigMapping, names: inout UniquenessCheck<String>) {
        let name = token.required("name", as: String.self)
        let secret = token.secret("token")
        let role = token.required("role", as: Role.self)
        guard let name, let secret, let role else { return nil }
        names.claim(name, shown: name, at: token.location(of: "name"), reader: token.reader)
        self.init(name: name, tokenHash: ProducerKeyHash(key: secret.value), role: role)
    }
}
