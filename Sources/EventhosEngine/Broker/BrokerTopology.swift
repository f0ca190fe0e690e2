import AMQP
import EventhosCore

/// The broker objects a registry needs, declared idempotently at start and after every reconnect.
package struct BrokerTopology {
    var queueType: BrokerSettings.QueueType
    /// `x-quorum-initial-group-size` of quorum queues; `nil` for the broker's default.
    var quorumInitialGroupSize: Int?

    init(queueType: BrokerSettings.QueueType, quorumInitialGroupSize: Int? = nil) {
        self.queueType = queueType
        self.quorumInitialGroupSize = quorumInitialGroupSize
    }

    /// The topology of `broker`'s queue settings.
    package init(_ broker: BrokerSettings) {
        self.init(queueType: broker.queueType, quorumInitialGroupSize: broker.quorumInitialGroupSize)
    }

    /// Everything a registry snapshot needs: the base objects, those of every active contract, and
    /// one delay queue per distinct retry delay.
    func declaration(for snapshot: RegistrySnapshot) -> AMQPTopology {
        var declaration = base()
        for route in snapshot.contracts {
            let contract = contract(route)
            declaration.queues += contract.queues
            declaration.bindings += contract.bindings
        }
        declaration.queues += RetryTiers(policies: snapshot.contracts.map(\.retry)).delays.map(retryQueue)
        return declaration
    }

    /// Exchanges and queues that exist whatever the registry holds, with the delay queues of
    /// deliveries that wait for their order group (``OrderWait/delays``).
    func base() -> AMQPTopology {
        AMQPTopology(
            exchanges: [
                .init(name: BrokerNames.eventsExchange, type: "topic"),
                .init(name: BrokerNames.ingressExchange, type: "topic"),
                .init(name: BrokerNames.retryReturnExchange, type: "headers"),
                .init(name: BrokerNames.operationsExchange, type: "topic"),
            ],
            queues: OrderWait.delays.map(retryQueue) + [
                .init(
                    name: BrokerNames.auditQueue,
                    arguments: queueArguments(deadLetterExchange: "", routingKey: BrokerNames.rejectedQueue)),
                .init(name: BrokerNames.rejectedQueue, arguments: queueArguments()),
                .init(name: BrokerNames.intakeQueue, arguments: queueArguments()),
            ],
            bindings: [
                .init(queue: BrokerNames.auditQueue, exchange: BrokerNames.eventsExchange, routingKey: "#"),
                .init(queue: BrokerNames.intakeQueue, exchange: BrokerNames.ingressExchange, routingKey: "#"),
            ]
        )
    }

    /// The queue and dead queue of one contract, bound to its event and to the retry return; for an
    /// ordered contract, its ordered queue bound to its event and its partitions, each with a single
    /// active consumer (so that several instances keep one delivery per partition, and fail over),
    /// and no retry return: its retries wait in place.
    func contract(_ route: ContractRoute) -> AMQPTopology {
        let identifier = route.contract.identifier
        if let ordering = route.contract.ordering {
            var singleConsumer = queueArguments()
            singleConsumer["x-single-active-consumer"] = .bool(true)
            let ordered = BrokerNames.orderedQueue(identifier)
            return AMQPTopology(
                queues: [.init(name: ordered, arguments: singleConsumer)]
                    + (0..<ordering.partitions).map { .init(name: BrokerNames.partitionQueue(identifier, $0), arguments: singleConsumer) }
                    + [.init(name: BrokerNames.deadQueue(identifier), arguments: queueArguments())],
                bindings: [.init(queue: ordered, exchange: BrokerNames.eventsExchange, routingKey: route.event.identifier)])
        }
        let queue = BrokerNames.contractQueue(identifier)
        return AMQPTopology(
            exchanges: [],
            queues: [
                .init(name: queue, arguments: queueArguments()),
                .init(name: BrokerNames.deadQueue(identifier), arguments: queueArguments()),
            ],
            bindings: [
                .init(queue: queue, exchange: BrokerNames.eventsExchange, routingKey: route.event.identifier),
                .init(
                    queue: queue, exchange: BrokerNames.retryReturnExchange, routingKey: "",
                    arguments: ["x-match": .string("all"), BrokerNames.contractHeader: .string(identifier)]),
            ]
        )
    }

    /// A delay queue: messages wait `delay`, then dead-letter back to their contract's queue.
    func retryQueue(_ delay: Duration) -> AMQPTopology.Queue {
        var arguments = queueArguments(deadLetterExchange: BrokerNames.retryReturnExchange, routingKey: nil)
        arguments["x-message-ttl"] = .int(delay.milliseconds)
        return .init(name: RetryTiers.queueName(delay), arguments: arguments)
    }

    /// The queue type (with the quorum group size), and dead-lettering when asked; on quorum queues
    /// dead-lettering is made at-least-once, so a message is never lost between a queue and its
    /// dead-letter target.
    private func queueArguments(deadLetterExchange: String? = nil, routingKey: String? = nil) -> AMQPTable {
        var arguments: AMQPTable = ["x-queue-type": .string(queueType.rawValue)]
        if queueType == .quorum, let quorumInitialGroupSize {
            arguments["x-quorum-initial-group-size"] = .int(Int64(quorumInitialGroupSize))
        }
        guard let deadLetterExchange else { return arguments }
        arguments["x-dead-letter-exchange"] = .string(deadLetterExchange)
        if let routingKey {
            arguments["x-dead-letter-routing-key"] = .string(routingKey)
        }
        if queueType == .quorum {
            arguments["x-dead-letter-strategy"] = .string("at-least-once")
            arguments["x-overflow"] = .string("reject-publish")
        }
        return arguments
    }
}
