/// The rows of one kind read so far, by identifier: finds duplicates and resolves references.
///
/// A row whose identifier could be read but whose other fields are wrong is still known: a
/// reference to it is not reported as dangling, so one mistake gives one problem.
struct RegistryIndex<Definition: RegistryEntry> {
    /// What the rows are, for messages: `system`.
    let kind: String
    /// The valid rows, in the order of the file.
    private(set) var definitions: [Definition] = []
    private var known: [String: Definition?] = [:]
    private var identifiers: UniquenessCheck<String>

    private init(kind: String) {
        self.kind = kind
        identifiers = UniquenessCheck(of: "\(kind) identifier")
    }

    /// An index of rows validated before (the stored registry), to read one more row against.
    init(kind: String, known rows: [Definition]) {
        self.init(kind: kind)
        for row in rows {
            known[row.identifier] = .some(row)
            definitions.append(row)
        }
    }

    /// Reads the list `key` of `mapping`, each row with `read`.
    ///
    /// `builtIn` rows may be referenced but are not part of ``definitions``; their identifiers are
    /// reserved, so a row of the file that claims one is reported.
    init(
        reading key: String, of mapping: inout ConfigMapping, kind: String, builtIn: [Definition] = [],
        _ read: (inout ConfigMapping) -> RegistryRow<Definition>
    ) {
        self.init(kind: kind)
        for row in builtIn {
            known[row.identifier] = .some(row)
            identifiers.claim(row.identifier, shown: row.identifier, at: Self.builtInLocation, reader: mapping.reader)
        }
        let rows = mapping.value(key)?.list { element in element.mapping { row in Optional(read(&row)) } }
        for row in rows ?? [] {
            add(row, reader: mapping.reader)
        }
    }

    /// Where a built-in row is, for the message that reports a row reusing its identifier.
    private static var builtInLocation: ConfigLocation {
        ConfigLocation(path: "the built-in rows of Eventhos (reserved)", line: nil)
    }

    private mutating func add(_ row: RegistryRow<Definition>, reader: ConfigReader) {
        guard let identifier = row.identifier,
              identifiers.claim(identifier.value, shown: identifier.value, at: identifier.location, reader: reader)
        else { return }
        known[identifier.value] = .some(row.definition)
        if let definition = row.definition {
            definitions.append(definition)
        }
    }

    /// Reads the identifier at `key` of `mapping` and resolves it; reports an unknown one.
    ///
    /// Returns `nil` when the key is absent or wrong, or names a row that is itself wrong.
    func resolve(_ key: String, of mapping: inout ConfigMapping, required: Bool = true) -> Definition? {
        let identifier = required ? mapping.required(key, as: String.self) : mapping.optional(key, as: String.self)
        guard let identifier else { return nil }
        guard let row = known[identifier] else {
            mapping.report("unknown \(kind) \"\(identifier)\"", at: key)
            return nil
        }
        return row
    }
}
