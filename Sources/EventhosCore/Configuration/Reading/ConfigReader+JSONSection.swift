import EventhosJSON
import EventhosTemplates
import OrderedCollections
import Yams

extension ConfigReader {
    /// Reads the JSON mapping `json` with `read`, by the configuration file's rules: what the store
    /// keeps of a section is read back as the file's reader reads it.
    /// - Returns: The value, or the problems found.
    static func section<Value>(
        _ json: JSONValue, at path: String, _ read: (inout ConfigMapping) -> Value?
    ) -> Result<Value, ConfigurationError> {
        let reader = ConfigReader(environment: [:], overridableSections: [])
        let value = ConfigValue(node: Node(json: json), location: ConfigLocation(path: path, line: nil), reader: reader)
            .mapping { read(&$0) }
        guard let value, reader.problems.isEmpty else { return .failure(ConfigurationError(problems: reader.problems)) }
        return .success(value)
    }
}

extension ResponsePolicy {
    /// Reads a policy as the configuration writes it, in JSON (`{"success": ["2xx", "409"]}`).
    public init(json: JSONValue) throws(ConfigurationError) {
        self = try ConfigReader.section(json, at: "responses") { ResponsePolicy(config: &$0) }.get()
    }

    /// The policy as the configuration writes it, in JSON; lists left empty are left out.
    public var json: JSONValue {
        var members: JSONObject = [:]
        for (name, patterns) in [("success", success), ("retry", retry), ("dead", dead)] where !patterns.isEmpty {
            members[name] = .array(patterns.map { .string($0.configText) })
        }
        return .object(members)
    }
}

extension CircuitBreakerPolicy {
    /// Reads a policy as the configuration writes it, in JSON (`{"failureRate": "50%", "openFor": "30s"}`).
    public init(json: JSONValue) throws(ConfigurationError) {
        self = try ConfigReader.section(json, at: "circuitBreaker") { CircuitBreakerPolicy(config: &$0) }.get()
    }

    /// The policy as the configuration writes it, in JSON, every field given.
    public var json: JSONValue {
        var members: JSONObject = [
            "failureRate": .string(failureRate.configText), "minimumCalls": .int(Int64(minimumCalls)),
            "window": .string(window.configText), "openFor": .string(openFor.configText),
            "maxOpenFor": .string(maxOpenFor.configText),
        ]
        members["disableAfter"] = disableAfter.map { .string($0.configText) }
        return .object(members)
    }
}
