/// A system that produces events, subscribes to them, or both.
public struct SystemDefinition: Sendable, Hashable {
    /// What a system does in the choreography.
    public enum Class: String, Sendable, Hashable, CaseIterable {
        case producer
        case subscriber
        case hybrid
    }

    public var identifier: String
    public var name: String
    /// Free text: Microservice, ERP, CRM, SaaS…
    public var type: String
    public var systemClass: Class
    public var description: String
    /// Producer keys of this system, as hashes only.
    public var keys: [ProducerKeyDefinition]
    /// The RabbitMQ user this system publishes as: its AMQP messages may carry that `user_id`
    /// instead of an access key.
    public var amqpUser: String?

    public init(
        identifier: String, name: String, type: String = "", systemClass: Class = .hybrid,
        description: String = "", keys: [ProducerKeyDefinition] = [], amqpUser: String? = nil
    ) {
        self.identifier = identifier
        self.name = name
        self.type = type
        self.systemClass = systemClass
        self.description = description
        self.keys = keys
        self.amqpUser = amqpUser
    }
}
