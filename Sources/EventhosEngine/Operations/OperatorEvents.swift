import AMQP
import EventhosCore
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Foundation
import Logging
import NIOCore
import OrderedCollections

/// Publishes what an operator must know (spec §10): dead-letterings, circuit changes, pauses,
/// resumes and rejected events.
///
/// Each one goes, as the same JSON object, to the topic exchange `eventhos.operations` with the
/// routing key `<kind>.<subject>` (the contract, the action of a circuit change, or the event of a
/// rejection), for tools that consume it; and, when an active contract subscribes to it, to
/// `eventhos.events` as the built-in event `eventhos.<kind>` of the system `eventhos`, audited like
/// any received event and delivered with ordinary actions (to a chat, a ticket system, a mail
/// gateway). Without such a contract it is not audited: the audit keeps what was delivered.
///
/// An operator event about a contract that delivers operator events is not published: a failing
/// alert channel would otherwise report itself for ever. Operator events are published at most
/// once: when the broker refuses one, it is logged and the delivery that caused it goes on.
package struct OperatorEvents: Sendable {
    let publisher: AMQPPublisher
    let registry: RegistryReference
    /// The instance that saw it happen (`instance.name`).
    let instance: String
    let logger: Logger

    /// Publishes one operator event.
    ///
    /// - Parameters:
    ///   - subject: The second part of the routing key: the contract, the action or the event.
    ///   - contracts: The contracts it is about: when one of them delivers operator events, nothing
    ///     is published (the loop rule).
    ///   - details: The members of the body besides `kind`, `at` and `instance`.
    func publish(_ kind: OperatorEventKind, subject: String, about contracts: [String] = [], details: JSONObject) async {
        let snapshot = registry.current
        if let looping = contracts.first(where: { Self.deliversOperatorEvents($0, in: snapshot) }) {
            logger.info(
                "operator event not published: its contract delivers operator events",
                metadata: ["kind": "\(kind.rawValue)", "contract": "\(looping)"])
            return
        }
        let now = Date()
        var object = details
        object["kind"] = .string(kind.rawValue)
        object["at"] = .string(AdminTime.text(now))
        object["instance"] = .string(instance)
        let body = ByteBuffer(bytes: JSONValue.object(object).serialized())
        let message = EventMessage(
            receivedEventId: UUID().uuidString.lowercased(), eventIdentifier: kind.eventIdentifier, source: .operations,
            producer: RegistryDefinition.builtInSystem, requestHeaders: [], requestQuery: [],
            receivedAt: Int64(now.timeIntervalSince1970 * 1000), body: body)
        var properties = message.properties
        properties.contentType = "application/json"
        do {
            try await publisher.publish(
                exchange: BrokerNames.operationsExchange, routingKey: "\(kind.rawValue).\(subject)", body: body,
                properties: properties, mandatory: false)
            if !snapshot.activeContracts(of: kind.eventIdentifier).isEmpty {
                try await publisher.publish(
                    exchange: BrokerNames.eventsExchange, routingKey: kind.eventIdentifier, body: body, properties: properties,
                    mandatory: true)
            }
        } catch {
            logger.warning(
                "operator event not published", metadata: ["kind": "\(kind.rawValue)", "subject": "\(subject)", "error": "\(error)"])
        }
    }

    /// Whether `contract` subscribes to an operator event.
    static func deliversOperatorEvents(_ contract: String, in snapshot: RegistrySnapshot) -> Bool {
        snapshot.contract(contract).map { OperatorEventKind(eventIdentifier: $0.event.identifier) != nil } ?? false
    }
}

extension OperatorEvents {
    /// A delivery of `route` was dead-lettered, or blocks its partition.
    ///
    /// - Parameter partition: set when the delivery was not dead-lettered but blocks this partition
    ///   of its ordered contract (`onDead: block`): the body then says `"blocked": true`.
    func deadLettered(
        _ route: ContractRoute, receivedEventId: String, reason: String, attempts: Int, lastStatus: Int? = nil,
        lastError: String? = nil, blocking partition: Int? = nil
    ) async {
        var details = Self.about(route)
        details["receivedEventId"] = .string(receivedEventId)
        details["reason"] = .string(reason)
        details["attempts"] = .int(Int64(attempts))
        details["lastStatus"] = lastStatus.map { .int(Int64($0)) } ?? .null
        details["lastError"] = lastError.map(JSONValue.string) ?? .null
        if let partition {
            details["blocked"] = .bool(true)
            details["partition"] = .int(Int64(partition))
        }
        let kind: OperatorEventKind =
            reason == DeliveryDecision.DeadLetterReason.attemptsExhausted.rawValue ? .deliveryExhausted : .deliveryDead
        await publish(kind, subject: route.contract.identifier, about: [route.contract.identifier], details: details)
    }

    /// Contracts were paused (`pause` set) or resumed.
    func pauseChanged(_ pause: ContractPause?, contracts: [String], in snapshot: RegistrySnapshot) async {
        for identifier in contracts {
            guard let route = snapshot.contract(identifier) else { continue }
            var details = Self.about(route)
            if let pause {
                details["reason"] = .string(pause.reason.rawValue)
            }
            await publish(pause == nil ? .contractResumed : .contractPaused, subject: identifier, about: [identifier], details: details)
        }
    }

    /// A received event was rejected. A rejection that names no producer (no valid credential) is
    /// not published: anyone could otherwise flood the operators' channel.
    func rejected(
        _ rejection: EventRejection, eventIdentifier: String?, receivedEventId: String, source: ReceivedEventRecord.Source
    ) async {
        guard let producer = rejection.producer else { return }
        let event = eventIdentifier.flatMap { $0.isEmpty ? nil : $0 }
        await publish(
            .eventRejected, subject: event ?? "-",
            details: [
                "receivedEventId": .string(receivedEventId), "event": event.map(JSONValue.string) ?? .null,
                "producer": .string(producer), "source": .string(source.rawValue), "code": .string(rejection.code.rawValue),
                "message": .string(rejection.message),
            ])
    }

    /// What identifies a contract's delivery in an operator event.
    static func about(_ route: ContractRoute) -> JSONObject {
        [
            "contract": .string(route.contract.identifier), "action": .string(route.action.identifier),
            "event": .string(route.event.identifier), "subscriber": .string(route.action.subscriber),
        ]
    }
}
