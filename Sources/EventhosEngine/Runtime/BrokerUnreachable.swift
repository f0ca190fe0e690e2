import AMQP

/// The broker did not answer in time.
public struct BrokerUnreachable: Error, CustomStringConvertible {
    /// The broker, without its password.
    var broker: String
    var waited: Duration
    /// Why the last connect failed, when one did.
    var reason: String?

    public var description: String {
        "the broker at \(broker) could not be reached (waited at most \(waited))" + (reason.map { ": \($0)" } ?? "")
    }
}
