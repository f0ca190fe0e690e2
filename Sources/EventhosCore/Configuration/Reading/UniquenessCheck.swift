/// Finds values that must be unique and are not: identifiers of one kind, names of keys…
struct UniquenessCheck<Value: Hashable> {
    /// What the values are, for messages: `system identifier`.
    let what: String
    private var firstLocations: [Value: ConfigLocation] = [:]

    init(of what: String) {
        self.what = what
    }

    /// Claims `value`, written at `location`; reports and returns `false` when it was claimed before.
    ///
    /// `shown` is how the value appears in the message; `nil` keeps it out (a key, for instance).
    @discardableResult
    mutating func claim(_ value: Value, shown: String?, at location: ConfigLocation, reader: ConfigReader) -> Bool {
        guard let first = firstLocations[value] else {
            firstLocations[value] = location
            return true
        }
        reader.report("duplicate \(what)\(shown.map { " \"\($0)\"" } ?? ""): already at \(first.reference)", at: location)
        return false
    }
}
