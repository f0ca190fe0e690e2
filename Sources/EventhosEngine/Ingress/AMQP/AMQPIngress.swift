import AMQP
import EventhosCore
import EventhosStore
import Foundation
import Logging

/// Drains `eventhos.ingress.intake` (bound to `eventhos.ingress` with `#`): every message an AMQP
/// producer published is checked by ``EventAdmission``, as a webhook is, before any contract sees it.
///
/// - An admitted message is published (persistent, mandatory, confirmed) to `eventhos.events` as
///   an ``EventMessage`` with `source: amqp`; the audit consumer then records it as for a webhook.
/// - A rejected one is parked (confirmed) in `eventhos.rejected` with the reason in its headers,
///   and audited with `state: rejected`.
/// - A message whose `message_id` came already within ``duplicateWindow`` is dropped as a duplicate.
///
/// The original is acknowledged only after that confirm (and audit commit); on any failure it
/// goes back to the queue after a pause, so an outage neither loses a message nor spins.
struct AMQPIngress: Sendable {
    /// How long a producer's `message_id` marks later messages with it as duplicates.
    static let duplicateWindow: Duration = .seconds(24 * 3600)

    let consumer: AMQPConsumer
    let registry: RegistryReference
    let publisher: AMQPPublisher
    let audit: AuditWriter
    let operatorEvents: OperatorEvents
    let metrics: BridgeMetrics
    let logger: Logger
    private let claims: IngressClaims

    /// - Parameter store: where the message ids seen within ``duplicateWindow`` are kept.
    init(
        consumer: AMQPConsumer, registry: RegistryReference, publisher: AMQPPublisher, audit: AuditWriter,
        operatorEvents: OperatorEvents, store: EventhosStore, metrics: BridgeMetrics, logger: Logger
    ) {
        self.operatorEvents = operatorEvents
        self.consumer = consumer
        self.registry = registry
        self.publisher = publisher
        self.audit = audit
        self.metrics = metrics
        self.logger = logger
        claims = IngressClaims(store: store, window: Self.duplicateWindow)
    }

    /// Handles deliveries until the consumer is cancelled; deliveries in flight finish first.
    func run() async {
        await consumer.handleConcurrently { delivery in await IngressSpan.intake(delivery) { await handle(delivery) } }
    }

    func handle(_ delivery: AMQPDelivery) async {
        let message = IngressMessage(delivery: delivery, receivedAt: Int64(Date().timeIntervalSince1970 * 1000))
        let snapshot = registry.current
        // Unknown routing keys are counted under "", so producers cannot grow the label set.
        let counters = metrics.event(
            snapshot.event(message.eventIdentifier) == nil ? "" : message.eventIdentifier, source: .amqp)
        do {
            if try await isDuplicate(message, redelivered: delivery.redelivered) {
                counters.recordRejected("duplicate")
                logger.info(
                    "duplicate message_id dropped",
                    metadata: ["receivedEventId": "\(message.receivedEventId)", "event": "\(message.eventIdentifier)"])
                consumer.ack(delivery)
                return
            }
            let admission = EventAdmission(snapshot: snapshot, channel: .amqp)
            do {
                let admitted = try admission.admit(
                    message.credential, eventIdentifier: message.eventIdentifier, body: delivery.body)
                let event = message.event(producer: admitted.producer, body: delivery.body)
                _ = try await publisher.publish(event: event, fallbackTrace: nil)
                counters.recordAccepted()
            } catch let rejection as EventRejection {
                try await park(delivery, message: message, rejection: rejection)
                counters.recordRejected(rejection.code.rawValue)
            }
            consumer.ack(delivery)
        } catch {
            logger.warning(
                "AMQP message not handled; it returns to the queue",
                metadata: ["receivedEventId": "\(message.receivedEventId)", "error": "\(error)"])
            await consumer.requeueAfterPause(delivery)
        }
    }

    /// Whether a message with the producer's id came already within the window.
    ///
    /// A redelivered message whose id is known is handled again: the earlier delivery may have
    /// failed before its publish was confirmed (at least once: a duplicate only after a crash).
    private func isDuplicate(_ message: IngressMessage, redelivered: Bool) async throws -> Bool {
        guard message.hasProducerId else { return false }
        let first = try await claims.claim(message.receivedEventId)
        return !first && !redelivered
    }

    /// Parks a rejected message in `eventhos.rejected` and audits the rejection.
    private func park(_ delivery: AMQPDelivery, message: IngressMessage, rejection: EventRejection) async throws {
        try await publisher.publish(
            exchange: "", routingKey: BrokerNames.rejectedQueue, body: delivery.body,
            properties: message.parkedProperties(delivery.properties, rejection: rejection), mandatory: true)
        try await audit.record(.received(message.rejectedRecord(rejection, body: delivery.body)))
        await operatorEvents.rejected(
            rejection, eventIdentifier: message.eventIdentifier, receivedEventId: message.receivedEventId, source: .amqp)
        logger.notice(
            "AMQP message rejected",
            metadata: [
                "receivedEventId": "\(message.receivedEventId)", "event": "\(message.eventIdentifier)",
                "code": "\(rejection.code.rawValue)",
            ])
    }
}
