extension StoreSettings {
    /// Reads the `store` section: `path` (SQLite) or `url` and `passwordEnv` (PostgreSQL).
    init(config section: inout ConfigMapping) {
        let defaults = StoreSettings()
        let path = section.optional("path", as: String.self, .nonEmpty)
        var postgres = section.optional("url", as: String.self, .nonEmpty).flatMap { url -> PostgresURL? in
            do throws(PostgresURLError) {
                return try PostgresURL(parsing: url)
            } catch {
                section.report("bad PostgreSQL URL: \(error)", at: "url")
                return nil
            }
        }
        let passwordEnv = section.optional("passwordEnv", as: String.self, .environmentVariableName)
        if let passwordEnv, let password = section.reader.environmentValue(passwordEnv, namedAt: section.location(of: "passwordEnv")) {
            postgres?.password = Secret(password)
        }
        if path != nil, section.value("url") != nil {
            section.report("give path (SQLite) or url (PostgreSQL), not both", at: "url")
        }
        if passwordEnv != nil, section.value("url") == nil {
            section.report("passwordEnv is the password of a PostgreSQL store: set url", at: "passwordEnv")
        }
        self.init(
            path: path ?? defaults.path,
            postgres: postgres,
            retentionDays: section.optional("retentionDays", as: Int.self, .atLeast(1)),
            responseBodyLimit: section.optional("responseBodyLimit", default: defaults.responseBodyLimit, .atLeast(0))
        )
    }
}
