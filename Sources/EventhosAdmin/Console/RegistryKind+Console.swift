import EventhosCore
import EventhosEngine

extension RegistryKind {
    /// The kind's name in titles: `Systems`.
    var title: String {
        plural.prefix(1).uppercased() + plural.dropFirst()
    }

    /// What the registry templates read of the kind.
    var templateValues: [String: Any] {
        ["singular": rawValue, "plural": plural, "title": title]
    }
}
