/// What an event reports or an action does, as the original Eventhos named it.
public enum Operation: String, Sendable, Hashable, CaseIterable {
    case select
    case new
    case update
    case delete
    case process
}
