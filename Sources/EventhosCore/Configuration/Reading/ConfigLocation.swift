/// Where a value was read: its path in the file, or the environment variable it came from, and its line.
struct ConfigLocation: Hashable {
    /// `actions[0].http.timeout`, or `env EVENTHOS_SERVER_PORT`; empty for the whole file.
    var path: String
    var line: Int?
    /// Whether the value came from an environment variable rather than from the file.
    var isEnvironment = false

    /// The whole file.
    static let root = ConfigLocation(path: "", line: 1)

    /// An environment variable overriding a setting of the file.
    static func environment(_ variable: String) -> ConfigLocation {
        ConfigLocation(path: "env \(variable)", line: nil, isEnvironment: true)
    }

    /// The member `key` of the mapping here.
    func appending(key: String, line: Int?) -> ConfigLocation {
        ConfigLocation(path: path.isEmpty ? key : "\(path).\(key)", line: line, isEnvironment: isEnvironment)
    }

    /// The element `index` of the list here.
    func appending(index: Int, line: Int?) -> ConfigLocation {
        ConfigLocation(path: "\(path)[\(index)]", line: line, isEnvironment: isEnvironment)
    }

    /// `systems[0] (line 3)`, to point at another place in a message.
    var reference: String {
        line.map { "\(path) (line \($0))" } ?? path
    }
}
