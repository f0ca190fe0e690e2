/// Exchanges, queues and bindings to declare; an ``AMQPConnection`` remembers every topology it
/// declared and declares it again after each reconnect.
public struct AMQPTopology: Sendable, Hashable {
    /// An exchange declaration (exchange.declare).
    public struct Exchange: Sendable, Hashable {
        /// Exchange name.
        public var name: String
        /// Exchange type: `topic`, `direct`, `fanout`, `headers` or a plugin type.
        public var type: String
        /// Survives a broker restart.
        public var durable: Bool
        /// Deleted when its last binding goes.
        public var autoDelete: Bool
        /// Only reachable through exchange-to-exchange bindings, not by publishers.
        public var internal_: Bool
        /// Extra arguments, e.g. `alternate-exchange`.
        public var arguments: AMQPTable

        /// Creates an exchange declaration.
        public init(
            name: String, type: String, durable: Bool = true, autoDelete: Bool = false,
            internal_: Bool = false, arguments: AMQPTable = [:]
        ) {
            self.name = name
            self.type = type
            self.durable = durable
            self.autoDelete = autoDelete
            self.internal_ = internal_
            self.arguments = arguments
        }
    }

    /// A queue declaration (queue.declare).
    public struct Queue: Sendable, Hashable {
        /// Queue name; must not be empty (server-named queues cannot be redeclared).
        public var name: String
        /// Survives a broker restart.
        public var durable: Bool
        /// Used by this connection only and deleted with it.
        public var exclusive: Bool
        /// Deleted when its last consumer goes.
        public var autoDelete: Bool
        /// Extra arguments, e.g. `x-queue-type`, `x-dead-letter-exchange`, `x-message-ttl`.
        public var arguments: AMQPTable

        /// Creates a queue declaration.
        public init(
            name: String, durable: Bool = true, exclusive: Bool = false, autoDelete: Bool = false,
            arguments: AMQPTable = [:]
        ) {
            self.name = name
            self.durable = durable
            self.exclusive = exclusive
            self.autoDelete = autoDelete
            self.arguments = arguments
        }
    }

    /// A queue binding (queue.bind).
    public struct Binding: Sendable, Hashable {
        /// The bound queue.
        public var queue: String
        /// The source exchange.
        public var exchange: String
        /// Routing key or pattern.
        public var routingKey: String
        /// Binding arguments (headers exchanges).
        public var arguments: AMQPTable

        /// Creates a binding.
        public init(queue: String, exchange: String, routingKey: String, arguments: AMQPTable = [:]) {
            self.queue = queue
            self.exchange = exchange
            self.routingKey = routingKey
            self.arguments = arguments
        }
    }

    /// Exchanges, declared first.
    public var exchanges: [Exchange]
    /// Queues, declared second.
    public var queues: [Queue]
    /// Bindings, declared last.
    public var bindings: [Binding]

    /// Creates a topology.
    public init(exchanges: [Exchange] = [], queues: [Queue] = [], bindings: [Binding] = []) {
        self.exchanges = exchanges
        self.queues = queues
        self.bindings = bindings
    }
}

extension AMQPTopology {
    /// Adds `other` to this remembered topology; a later declaration of the same exchange or queue
    /// name replaces the earlier one, identical bindings are kept once.
    mutating func merge(_ other: AMQPTopology) {
        for exchange in other.exchanges {
            exchanges.removeAll { $0.name == exchange.name }
            exchanges.append(exchange)
        }
        for queue in other.queues {
            queues.removeAll { $0.name == queue.name }
            queues.append(queue)
        }
        for binding in other.bindings where !bindings.contains(binding) {
            bindings.append(binding)
        }
    }

    /// Forgets a queue and every binding of it.
    mutating func forgetQueue(_ name: String) {
        queues.removeAll { $0.name == name }
        bindings.removeAll { $0.queue == name }
    }

    /// Forgets an exchange and every binding from it.
    mutating func forgetExchange(_ name: String) {
        exchanges.removeAll { $0.name == name }
        bindings.removeAll { $0.exchange == name }
    }

    /// Forgets the bindings of `queue` to `exchange` with `routingKey`, whatever their arguments.
    mutating func forgetBinding(queue: String, exchange: String, routingKey: String) {
        bindings.removeAll { $0.queue == queue && $0.exchange == exchange && $0.routingKey == routingKey }
    }
}
