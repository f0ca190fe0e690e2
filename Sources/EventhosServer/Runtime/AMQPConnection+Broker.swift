import AMQP
import EventhosCore
import Logging

extension AMQPConnection {
    /// A connection to the configuration's broker, named for the management UI.
    convenience init(broker: BrokerSettings, name: String, logger: Logger) throws {
        self.init(
            configuration: try AMQPConfiguration(url: broker.url, connectionName: name, heartbeat: broker.heartbeat),
            logger: logger)
    }
}
