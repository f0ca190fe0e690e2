extension [String: Int64] {
    /// The id of the row named `identifier`, which a row of `kind` references.
    func id(of identifier: String, referencedBy kind: String) throws(StoreError) -> Int64 {
        guard let id = self[identifier] else {
            throw StoreError(
                .unknownReference, "\(kind) references '\(identifier)', which does not exist or is deleted")
        }
        return id
    }
}
