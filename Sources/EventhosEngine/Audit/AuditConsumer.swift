import AMQP
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Logging

/// Drains `eventhos.audit` into `received_event` rows: the audit writer batches them into one
/// transaction (they may wait for others: only their acknowledgement waits for the commit), and
/// each message is acknowledged only after its batch committed.
struct AuditConsumer: Sendable {
    let consumer: AMQPConsumer
    let audit: AuditWriter
    let logger: Logger

    func run() async {
        await consumer.handleConcurrently(store)
    }

    private func store(_ delivery: AMQPDelivery) async {
        let message: EventMessage
        do {
            message = try EventMessage(delivery: delivery)
        } catch {
            logger.error("message without the event's metadata moved to \(BrokerNames.rejectedQueue)", metadata: ["error": "\(error)"])
            consumer.nack(delivery, requeue: false)
            return
        }
        let record = ReceivedEventRecord(
            id: message.receivedEventId, eventIdentifier: message.eventIdentifier, source: message.source,
            producer: message.producer, headers: JSONValue(textMembers: message.requestHeaders),
            query: JSONValue(textMembers: message.requestQuery), body: message.bodyText, receivedAt: message.receivedDate,
            state: .accepted, rejectReason: nil, parent: ChainLink(headers: delivery.properties.headers)?.parent)
        do {
            try await audit.record(.received(record), mayWait: true)
            consumer.ack(delivery)
        } catch {
            logger.error("audit batch not committed; messages return to the queue", metadata: ["error": "\(error)"])
            consumer.nack(delivery, requeue: true)
        }
    }
}
