/// A kind of registry row: the sections of the configuration file and the collections of the admin API.
public enum RegistryKind: String, Sendable, Hashable, CaseIterable {
    case system
    case event
    case action
    case contract

    /// The configuration section and admin API collection: `systems`.
    public var plural: String { rawValue + "s" }
}
