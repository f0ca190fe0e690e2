import AMQP
import EventhosCore
import Foundation

/// The `rabbitmqctl` commands that give one producer system its own broker user: it may publish
/// to `eventhos.ingress` only (no configure, no read), and there only its own events' routing keys
/// (topic permissions). RabbitMQ then checks the `user_id` of its messages against that user.
public struct ProducerBrokerCommands: Sendable {
    /// Why the commands cannot be made.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case unknownSystem(String)
        case noEvents(String)
        case invalidBrokerURL

        public var description: String {
            switch self {
            case .unknownSystem(let system): "no system has the identifier '\(system)'"
            case .noEvents(let system): "system '\(system)' is the producer of no event"
            case .invalidBrokerURL: "the broker URL of the configuration cannot be parsed"
            }
        }
    }

    /// The broker user: the system's `amqpUser`, else its identifier.
    public let user: String
    public let virtualHost: String
    /// The routing keys the user may publish: the identifiers of the system's events.
    public let routingKeys: [String]
    /// Whether the system names the user as its `amqpUser` (else the configuration must be changed first).
    public let userIsConfigured: Bool

    /// - Parameter brokerURL: the broker Eventhos uses; the user gets permissions in its vhost.
    public init(system identifier: String, registry: RegistryDefinition, brokerURL: String) throws(Problem) {
        guard let system = registry.systems.first(where: { $0.identifier == identifier }) else {
            throw .unknownSystem(identifier)
        }
        let keys = registry.events.filter { $0.producer == identifier }.map(\.identifier)
        guard !keys.isEmpty else { throw .noEvents(identifier) }
        user = system.amqpUser ?? identifier
        userIsConfigured = system.amqpUser != nil
        do {
            virtualHost = try AMQPConfiguration(urls: [brokerURL]).virtualHost
        } catch {
            throw .invalidBrokerURL
        }
        routingKeys = keys
    }

    /// The topic permission's write pattern: exactly the system's routing keys.
    public var routingKeyPattern: String {
        "^(" + routingKeys.map { $0.replacingOccurrences(of: ".", with: "\\.") }.joined(separator: "|") + ")$"
    }

    /// The commands, as lines a shell runs; the password is read from `$EVENTHOS_PRODUCER_PASSWORD`.
    public var lines: [String] {
        let user = Self.quoted(user)
        let vhost = Self.quoted(virtualHost)
        var lines = [
            "# broker user of a producer system: publishes its \(routingKeys.count) event(s) to eventhos.ingress, nothing else"
        ]
        if !userIsConfigured {
            lines.append("# the system names no amqpUser: add `amqpUser: \(self.user)` to it in the configuration")
        }
        lines += [
            "rabbitmqctl add_user \(user) \"$EVENTHOS_PRODUCER_PASSWORD\"",
            "rabbitmqctl set_permissions -p \(vhost) \(user) '^$' '^eventhos\\.ingress$' '^$'",
            "rabbitmqctl set_topic_permissions -p \(vhost) \(user) eventhos.ingress \(Self.quoted(routingKeyPattern)) '^$'",
        ]
        return lines
    }

    /// `text` as one shell word.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
