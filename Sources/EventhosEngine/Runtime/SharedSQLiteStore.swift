/// An instance with a SQLite store found another instance consuming the vhost's audit queue: the
/// audit would be split between two files, so it does not start.
public struct SharedSQLiteStore: Error, CustomStringConvertible {
    /// How many consumers the audit queue had.
    var consumers: UInt32

    public var description: String {
        "another Eventhos instance consumes \(BrokerNames.auditQueue) on this virtual host (\(consumers) consumer(s)), "
            + "and this one has a SQLite store: each would keep part of the audit in its own file. "
            + "For several instances, give all of them one PostgreSQL store (store.url); see docs/deployment.md"
    }
}
