/// The store: the audit and the registry, in SQLite (`path`) or PostgreSQL (`url`).
public struct StoreSettings: Sendable, Hashable {
    /// The SQLite database file, relative to the working directory unless absolute.
    public var path: String
    /// The PostgreSQL server, which replaces `path`; any number of instances may share it.
    public var postgres: PostgresURL?
    /// Audit rows older than this many days are deleted; `nil` keeps them all.
    public var retentionDays: Int?
    /// How many bytes of a subscriber's response body the audit keeps.
    public var responseBodyLimit: Int

    public init(
        path: String = ".eventhos/eventhos.sqlite", postgres: PostgresURL? = nil, retentionDays: Int? = nil,
        responseBodyLimit: Int = 65_536
    ) {
        self.path = path
        self.postgres = postgres
        self.retentionDays = retentionDays
        self.responseBodyLimit = responseBodyLimit
    }
}
