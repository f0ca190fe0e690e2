/// What ``EventhosStore/apply(_:prune:)`` did, per kind of row, for `eventhos apply` to print.
public struct RegistryChanges: Sendable, Hashable, CustomStringConvertible {
    /// How many rows of one kind were created, updated, left as they were, or pruned.
    public struct Counts: Sendable, Hashable, CustomStringConvertible {
        public var created = 0
        public var updated = 0
        public var unchanged = 0
        /// Soft-deleted (keys: revoked) because the registry no longer holds them.
        public var pruned = 0

        public init() {}

        /// Whether a row of this kind changed.
        public var hasChanges: Bool { created + updated + pruned > 0 }

        public var description: String {
            "\(created) created, \(updated) updated, \(unchanged) unchanged, \(pruned) pruned"
        }
    }

    public var systems = Counts()
    /// Producer keys; a key whose hash changed counts as updated (the old one is revoked).
    public var keys = Counts()
    public var events = Counts()
    /// Actions, their HTTP templates and security included.
    public var actions = Counts()
    public var contracts = Counts()

    public init() {}

    /// Whether any row changed.
    public var hasChanges: Bool {
        [systems, keys, events, actions, contracts].contains(where: \.hasChanges)
    }

    public var description: String {
        "systems: \(systems); keys: \(keys); events: \(events); actions: \(actions); contracts: \(contracts)"
    }
}
