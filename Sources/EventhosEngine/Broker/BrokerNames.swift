import EventhosCore

/// The names of the broker objects, part of the product's contract (spec §4).
public enum BrokerNames {
    /// Topic exchange where AMQP producers publish.
    public static let ingressExchange = "eventhos.ingress"
    /// Topic exchange of every validated event; routing key = event identifier.
    public static let eventsExchange = "eventhos.events"
    /// Queue feeding the audit store with every event published to `eventhos.events`.
    public static let auditQueue = "eventhos.audit"
    /// The fanout exchange on which an instance announces a registry change to the others.
    public static let registryExchange = "eventhos.registry"
    /// Topic exchange of the operator events (spec §10); routing key `<kind>.<subject>`.
    public static let operationsExchange = "eventhos.operations"
    /// Queue of AMQP-published messages that failed validation.
    public static let rejectedQueue = "eventhos.rejected"
    /// Queue bound to `eventhos.ingress` with `#`, drained by the intake that validates AMQP-published events.
    public static let intakeQueue = "eventhos.ingress.intake"

    /// Headers exchange that takes messages back from the retry delay queues to their own
    /// contract's queue (matched on the `eventhos-contract` header).
    public static let retryReturnExchange = "eventhos.retry.return"
    /// The header naming the contract a retried message belongs to.
    public static let contractHeader = "eventhos-contract"

    /// The queue of one contract.
    public static func contractQueue(_ contract: String) -> String {
        "eventhos.contract.\(contract)"
    }

    /// The queue where an ordered contract's messages arrive, in the order Eventhos accepted them,
    /// before they go to their partition.
    public static func orderedQueue(_ contract: String) -> String {
        "eventhos.ordered.\(contract)"
    }

    /// One partition of an ordered contract: the keys it holds are delivered one message at a time.
    public static func partitionQueue(_ contract: String, _ partition: Int) -> String {
        "eventhos.ordered.\(contract).\(partition)"
    }

    /// Where a contract's messages enter (its events, redrives and replays): its queue, or the
    /// ordered queue of an ordered contract, so that they go through its partitions.
    public static func entryQueue(_ route: ContractRoute) -> String {
        route.contract.ordering == nil ? contractQueue(route.contract.identifier) : orderedQueue(route.contract.identifier)
    }

    /// The dead-letter queue of one contract.
    public static func deadQueue(_ contract: String) -> String {
        "eventhos.contract.\(contract).dead"
    }
}
