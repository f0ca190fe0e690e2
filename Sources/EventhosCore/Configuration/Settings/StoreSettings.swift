/// The SQLite audit store.
public struct StoreSettings: Sendable, Hashable {
    /// The database file, relative to the working directory unless absolute.
    public var path: String
    /// Audit rows older than this many days are deleted; `nil` keeps them all.
    public var retentionDays: Int?
    /// How many bytes of a subscriber's response body the audit keeps.
    public var responseBodyLimit: Int

    public init(path: String = ".eventhos/eventhos.sqlite", retentionDays: Int? = nil, responseBodyLimit: Int = 65_536) {
        self.path = path
        self.retentionDays = retentionDays
        self.responseBodyLimit = responseBodyLimit
    }
}
