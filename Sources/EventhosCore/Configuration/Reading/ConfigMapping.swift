import OrderedCollections
import Yams

/// The members of a YAML mapping being read.
///
/// The keys a reader asks for are the keys the mapping accepts: once it has been read, every
/// other key is reported as unknown. A section that environment variables may override
/// (`EVENTHOS_<SECTION>_<KEY>`) answers with the variable's value where one is set.
struct ConfigMapping {
    private struct Member {
        let key: String
        let location: ConfigLocation
        let value: Node
    }

    let location: ConfigLocation
    let reader: ConfigReader
    private let members: [Member]
    private let overrides: [String: EnvironmentOverride]
    private var readKeys: OrderedSet<String> = []

    init(_ mapping: Node.Mapping?, at location: ConfigLocation, reader: ConfigReader) {
        self.location = location
        self.reader = reader
        let members: [Member] = (mapping.map(Array.init) ?? []).compactMap { key, value in
            guard case .scalar(let scalar) = key else {
                reader.report("keys must be plain strings", at: location.appending(key: "?", line: key.mark?.line))
                return nil
            }
            return Member(key: scalar.string, location: location.appending(key: scalar.string, line: key.mark?.line), value: value)
        }
        self.members = members
        // A variable that a `...Env` key of this section names holds a secret, not a setting
        // (`passwordEnv: EVENTHOS_BROKER_PASSWORD` is not an override of `broker.password`).
        let secretVariables = Set(members.compactMap { member -> String? in
            guard member.key.hasSuffix("Env"), case .scalar(let name) = member.value else { return nil }
            return name.string
        })
        overrides = reader.overrides(forSectionAt: location.path).filter { !secretVariables.contains($0.value.variable) }
    }

    /// The value of `key`, from the environment or from the file; `nil` when absent or `null`.
    mutating func value(_ key: String) -> ConfigValue? {
        reader.recordAsked(key, in: location)
        return member(key)
    }

    /// The value of `key` as ``value(_:)`` gives it, but not asked for as a key of the configuration:
    /// a member of a free mapping, whose keys are names (`http.headers`).
    private mutating func member(_ key: String) -> ConfigValue? {
        readKeys.append(key)
        if let override = overrides[EnvironmentOverride.normalize(key)] {
            return ConfigValue(node: Node(override.value), location: override.location, reader: reader)
        }
        guard let member = members.first(where: { $0.key == key }) else { return nil }
        guard member.value.tagName != .null else {
            if reader.jsonTypes {
                // In JSON, absent and null differ: null is not a value of any setting.
                report("\(key) must not be null: leave it out to take its default", at: key)
            }
            return nil
        }
        return ConfigValue(node: member.value, location: location(of: key), reader: reader)
    }

    /// Whether `key` is written with the value `null` in a JSON body (already reported by ``value(_:)``).
    private func isNullInJSON(_ key: String) -> Bool {
        reader.jsonTypes && members.contains { $0.key == key && $0.value.tagName == .null }
    }

    /// Where `key` is, or would be written.
    func location(of key: String) -> ConfigLocation {
        if let override = overrides[EnvironmentOverride.normalize(key)] {
            return override.location
        }
        guard let member = members.first(where: { $0.key == key }) else {
            return location.appending(key: key, line: location.line)
        }
        return ConfigLocation(path: member.location.path, line: member.value.mark?.line ?? member.location.line)
    }

    /// Reports a problem with the value of `key`.
    func report(_ message: String, at key: String) {
        reader.report(message, at: location(of: key))
    }

    /// Reads `key` with `read`, reporting when it is absent.
    mutating func required<Result>(_ key: String, _ read: (ConfigValue) -> Result?) -> Result? {
        guard let value = value(key) else {
            if !isNullInJSON(key) {
                report("\(key) is required", at: key)
            }
            return nil
        }
        return read(value)
    }

    /// Reads the scalar setting `key`, reporting when it is absent.
    mutating func required<Value: ConfigScalar>(
        _ key: String, as type: Value.Type = Value.self, _ rule: ConfigRule<Value>? = nil
    ) -> Value? {
        required(key) { $0.scalar(type, rule) }
    }

    /// Reads the scalar setting `key`; `nil` when absent.
    mutating func optional<Value: ConfigScalar>(
        _ key: String, as type: Value.Type = Value.self, _ rule: ConfigRule<Value>? = nil
    ) -> Value? {
        value(key)?.scalar(type, rule)
    }

    /// Reads the scalar setting `key`; `defaultValue` when absent (or wrong: the problem is reported).
    mutating func optional<Value: ConfigScalar>(_ key: String, default defaultValue: Value, _ rule: ConfigRule<Value>? = nil) -> Value {
        optional(key, as: Value.self, rule) ?? defaultValue
    }

    /// Reads the mapping `key` with `body`; an absent mapping is read as an empty one, so its defaults apply.
    mutating func section<Result>(_ key: String, _ body: (inout ConfigMapping) -> Result?) -> Result? {
        guard let value = value(key) else {
            var empty = ConfigMapping(nil, at: location.appending(key: key, line: nil), reader: reader)
            let result = body(&empty)
            empty.reportUnreadKeys()
            return result
        }
        return value.mapping(body)
    }

    /// Reads a secret given inline as `key` or by the name of an environment variable as `keyEnv`.
    mutating func secret(_ key: String) -> Secret? {
        let environmentKey = key + "Env"
        switch (value(key), value(environmentKey)) {
        case (nil, nil):
            report("\(key) or \(environmentKey) is required", at: environmentKey)
            return nil
        case (.some, .some(let variable)):
            variable.report("give \(key) or \(environmentKey), not both")
            return nil
        case (.some(let inline), nil):
            return inline.scalar(String.self).map(Secret.init)
        case (nil, .some(let variable)):
            let name = variable.scalar(String.self, .environmentVariableName)
            return name.flatMap { reader.environmentValue($0, namedAt: variable.location) }.map(Secret.init)
        }
    }

    /// Reads every member as a `Value`, whatever its key.
    mutating func readAll<Value: ConfigScalar>(_ type: Value.Type) -> OrderedDictionary<String, Value>? {
        var result = OrderedDictionary<String, Value>()
        var complete = true
        for member in members {
            guard let value = self.member(member.key) else {
                if !isNullInJSON(member.key) {
                    reader.report("\(member.key) has no value", at: member.location)
                }
                complete = false
                continue
            }
            guard let scalar = value.scalar(type) else {
                complete = false
                continue
            }
            result[member.key] = scalar
        }
        return complete ? result : nil
    }

    /// Accepts every key, when what they should be cannot be known (a security of an unknown type).
    mutating func acceptAllKeys() {
        readKeys.append(contentsOf: members.map(\.key))
    }

    /// Reports the keys and environment overrides that no reader asked for.
    func reportUnreadKeys() {
        let expected = readKeys.joined(separator: ", ")
        for member in members where !readKeys.contains(member.key) {
            reader.report("unknown key \"\(member.key)\"; expected one of \(expected)", at: member.location)
        }
        let normalizedKeys = Set(readKeys.map(EnvironmentOverride.normalize))
        for override in overrides.values.sorted(by: { $0.variable < $1.variable }) where !normalizedKeys.contains(override.normalizedKey) {
            reader.report("unknown setting of \(location.path); expected one of \(expected)", at: override.location)
        }
    }
}
