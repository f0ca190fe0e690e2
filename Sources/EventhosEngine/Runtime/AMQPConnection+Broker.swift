import AMQP
import EventhosCore
import Logging

extension AMQPConnection {
    /// A connection to the configuration's broker, named for the management UI. When no node can be
    /// reached at start for a reason no retry fixes (TLS, refused credentials), it stops and throws.
    convenience init(broker: BrokerSettings, name: String, logger: Logger) throws {
        var configuration = try broker.amqpConfiguration(connectionName: name)
        configuration.stopOnPermanentFailureAtStart = true
        self.init(configuration: configuration, logger: logger)
    }
}
