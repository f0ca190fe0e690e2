/// One row of a registry section as read: its identifier when one could be read or derived,
/// and its definition when every field is valid.
struct RegistryRow<Definition> {
    var identifier: RowIdentifier?
    var definition: Definition?
}

/// The identifier of a row and where it comes from: the `identifier` key, or the name it was derived from.
struct RowIdentifier {
    var value: String
    var location: ConfigLocation
}

extension ConfigMapping {
    /// Checks the identifier `written` at the row's `identifier` key or, when it is omitted,
    /// derives one from `derivationSource` (the name, with the operation for events and actions).
    ///
    /// An invalid identifier is reported but still returned, so references to it do not dangle.
    func rowIdentifier(_ written: String?, derivedFrom derivationSource: String?) -> RowIdentifier? {
        if let written {
            if !Identifier.isValid(written) {
                report(ConfigRule<String>.identifier.problem(written), at: "identifier")
            }
            return RowIdentifier(value: written, location: location(of: "identifier"))
        }
        guard let derivationSource else { return nil }
        let derived = Identifier.derive(from: derivationSource)
        guard !derived.isEmpty else {
            report("cannot derive an identifier from \"\(derivationSource)\": give an identifier", at: "name")
            return nil
        }
        return RowIdentifier(value: derived, location: location(of: "name"))
    }
}
