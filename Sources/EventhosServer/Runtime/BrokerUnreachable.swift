import AMQP

/// The broker did not answer in time.
public struct BrokerUnreachable: Error, CustomStringConvertible {
    var url: String
    var waited: Duration

    public var description: String {
        // The parsed configuration describes itself without the password.
        let broker = (try? AMQPConfiguration(url: url)).map(String.init(describing:)) ?? "the configured URL"
        return "the broker at \(broker) could not be reached within \(waited)"
    }
}
