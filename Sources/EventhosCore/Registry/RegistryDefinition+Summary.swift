extension RegistryDefinition {
    /// How many rows of each kind, e.g. "2 systems, 1 event, 1 action, 1 contract".
    public var summary: String {
        [
            (systems.count, "system"), (events.count, "event"), (actions.count, "action"), (contracts.count, "contract"),
        ].map { count, noun in "\(count) \(noun)\(count == 1 ? "" : "s")" }.joined(separator: ", ")
    }
}
