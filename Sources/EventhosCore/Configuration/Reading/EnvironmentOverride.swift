/// An environment variable `EVENTHOS_<SECTION>_<KEY>` that overrides a setting of the file.
///
/// The key matches a setting case-insensitively with underscores ignored, so
/// `EVENTHOS_SERVER_MAX_BODY_BYTES` sets `server.maxBodyBytes`.
struct EnvironmentOverride {
    static let prefix = "EVENTHOS_"

    let variable: String
    let value: String
    /// The section it applies to, as the file names it: `server`.
    let section: String
    /// The setting's key, normalized: `maxbodybytes`.
    let normalizedKey: String

    /// A key as overrides match it: lower-case, without underscores.
    static func normalize(_ key: String) -> String {
        String(key.lowercased().filter { $0 != "_" })
    }

    /// Every variable of `environment` that names one of `sections`.
    static func all(in environment: [String: String], sections: Set<String>) -> [EnvironmentOverride] {
        environment.compactMap { variable, value in
            guard variable.hasPrefix(prefix) else { return nil }
            let name = variable.dropFirst(prefix.count)
            let section = name.prefix { $0 != "_" }.lowercased()
            let key = normalize(String(name.dropFirst(section.count)))
            guard sections.contains(section), !key.isEmpty else { return nil }
            return EnvironmentOverride(variable: variable, value: value, section: section, normalizedKey: key)
        }
    }

    /// The override as a value to read, located at the variable.
    var location: ConfigLocation {
        .environment(variable)
    }
}
