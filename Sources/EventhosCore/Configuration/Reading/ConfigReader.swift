import OrderedCollections

/// What every reader of one configuration shares: the environment, and the problems found so far.
///
/// Reading never stops at the first problem: each one is reported here and reading goes on, so
/// that a user sees everything that is wrong with a file at once.
final class ConfigReader {
    private let environment: [String: String]
    /// The key paths asked for, when recording.
    private var asked: OrderedSet<String>?
    /// Environment overrides by section, then by normalized key.
    private let overrides: [String: [String: EnvironmentOverride]]
    private(set) var problems: [ConfigurationProblem] = []
    /// Whether what is read is a JSON body of the admin API, whose scalars must have their own JSON
    /// type (`"order": "5"` is refused) and whose names are exact (`"new"`, not `"NEW"`); a YAML
    /// file is read more leniently, as YAML users expect.
    let jsonTypes: Bool

    /// - Parameters:
    ///   - jsonTypes: Whether scalars must have their own JSON type (an admin API body).
    ///   - recordingKeyPaths: Whether to keep every key path asked for in ``askedKeyPaths``.
    init(
        environment: [String: String], overridableSections: Set<String>, jsonTypes: Bool = false, recordingKeyPaths: Bool = false
    ) {
        self.environment = environment
        self.jsonTypes = jsonTypes
        asked = recordingKeyPaths ? [] : nil
        overrides = Dictionary(grouping: EnvironmentOverride.all(in: environment, sections: overridableSections), by: \.section)
            .mapValues { found in
                // Two spellings of one setting (EVENTHOS_SERVER_MAXBODYBYTES, EVENTHOS_SERVER_MAX_BODY_BYTES): the first name wins.
                Dictionary(found.map { ($0.normalizedKey, $0) }) { $0.variable < $1.variable ? $0 : $1 }
            }
    }

    /// Every key path the readers asked for, in the order asked, with list indexes left out
    /// (`actions[].security.tokenEnv`); `nil` unless the reader records them.
    ///
    /// The keys a reader asks for are the keys the configuration accepts, so a reader that read a
    /// file using every section and variant knows every key: `docs/configuration.md` is checked
    /// against it. The keys of free mappings (`http.headers`) are names, not keys, and are left out.
    var askedKeyPaths: [String]? {
        asked?.elements
    }

    /// Notes that a reader asked for `key` of the mapping at `location`, when recording.
    func recordAsked(_ key: String, in location: ConfigLocation) {
        guard asked != nil else { return }
        // `actions[0].security` is `actions[].security`.
        var mapping = ""
        var inIndex = false
        for character in location.path {
            if character == "]" { inIndex = false }
            if !inIndex { mapping.append(character) }
            if character == "[" { inIndex = true }
        }
        asked?.append(mapping.isEmpty ? key : "\(mapping).\(key)")
    }

    /// Records a problem.
    func report(_ message: String, at location: ConfigLocation) {
        let problem = ConfigurationProblem(path: location.path, line: location.line, message: message)
        // A setting read twice (to see whether it is there, then its value) is reported once.
        guard !problems.contains(problem) else { return }
        problems.append(problem)
    }

    /// The environment overrides of the section at `path`, by normalized key.
    func overrides(forSectionAt path: String) -> [String: EnvironmentOverride] {
        overrides[path] ?? [:]
    }

    /// The value of the environment variable `name`, named at `location`; reports when it is unset or empty.
    func environmentValue(_ name: String, namedAt location: ConfigLocation) -> String? {
        guard let value = environment[name], !value.isEmpty else {
            report("environment variable \(name) is \(environment[name] == nil ? "not set" : "empty")", at: location)
            return nil
        }
        return value
    }
}
