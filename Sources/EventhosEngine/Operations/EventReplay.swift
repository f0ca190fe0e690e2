import AMQP
import EventhosCore
import EventhosJSON
import EventhosStore
import EventhosTemplates
import FoundationEssentials
import NIOCore

/// Delivers a stored received event again, from the audit, as new tries of the same executions.
public struct EventReplay: Sendable {
    /// One contract the event went to again.
    public struct Delivery: Sendable, Hashable {
        /// The contract identifier.
        public var contract: String
        /// The attempt number of the replayed try: the one after the execution's last.
        public var attempt: Int
    }

    let connection: AMQPConnection
    let store: EventhosStore
    let registry: RegistrySnapshot

    package init(connection: AMQPConnection, store: EventhosStore, registry: RegistrySnapshot) {
        self.connection = connection
        self.store = store
        self.registry = registry
    }

    /// Publishes the received event `receivedEventId` to the queue of `contract`, or of every
    /// active contract of its event when `nil`, each with a fresh attempt budget that starts
    /// after the attempts its execution already made.
    ///
    /// The message is rebuilt from the `received_event` row: body, request headers and query
    /// (credentials were never stored), source and producer; the idempotency key sent to the
    /// subscriber stays the same.
    /// - Throws: ``OperationError`` for an unknown or rejected event or contract; the broker's errors.
    public func replay(receivedEventId: String, contract: String? = nil) async throws -> [Delivery] {
        guard let event = try await store.receivedEvent(id: receivedEventId) else {
            throw OperationError(.unknownReceivedEvent, "the audit holds no received event '\(receivedEventId)'")
        }
        guard event.state == .accepted else {
            throw OperationError(.notReplayable, "received event '\(receivedEventId)' was rejected; it was never delivered")
        }
        let routes = try routes(for: event, contract: contract)
        let attempts = Dictionary(
            try await store.executions(receivedEventId: receivedEventId).map { ($0.contract, $0.attempts) },
            uniquingKeysWith: max)
        let message = Self.message(event)
        let publisher = connection.makePublisher()
        var deliveries: [Delivery] = []
        for route in routes {
            let identifier = route.contract.identifier
            let budget = AttemptBudget(next: (attempts[identifier] ?? 0) + 1)
            try await publisher.publish(
                exchange: "", routingKey: BrokerNames.entryQueue(route), body: message.body,
                properties: budget.applied(to: message.properties, contract: identifier), mandatory: true)
            deliveries.append(Delivery(contract: identifier, attempt: budget.next))
        }
        return deliveries
    }

    private func routes(for event: ReceivedEventRecord, contract: String?) throws(OperationError) -> [ContractRoute] {
        guard let contract else {
            return registry.contracts.filter { $0.event.identifier == event.eventIdentifier }
        }
        guard let route = registry.contract(contract) else { throw .unknownContract(contract) }
        guard route.event.identifier == event.eventIdentifier else {
            throw OperationError(
                .notReplayable,
                "contract '\(contract)' takes event '\(route.event.identifier)', not '\(event.eventIdentifier)'")
        }
        return [route]
    }

    /// The message the event was published as, rebuilt from its audit row.
    static func message(_ event: ReceivedEventRecord) -> EventMessage {
        EventMessage(
            receivedEventId: event.id, eventIdentifier: event.eventIdentifier, source: event.source,
            producer: event.producer ?? "", requestHeaders: pairs(event.headers), requestQuery: pairs(event.query),
            receivedAt: Int64((event.receivedAt.timeIntervalSince1970 * 1000).rounded()), body: ByteBuffer(string: event.body))
    }

    private static func pairs(_ value: JSONValue) -> [(name: String, value: String)] {
        guard case .object(let object) = value else { return [] }
        return object.compactMap { name, value in
            if case .string(let text) = value { (name, text) } else { nil }
        }
    }
}
