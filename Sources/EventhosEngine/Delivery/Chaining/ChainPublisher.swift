import AMQP
import Crypto
import EventhosCore
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Foundation
import NIOCore
import OrderedCollections

/// Publishes the successful response of an action with `replyTo` as that event, from the
/// action's subscriber system: a chained event (`source: chain`) linked to its parent.
///
/// The reply is confirmed by the broker before the delivery that caused it is acknowledged. Its
/// receivedEventId is derived from the parent's and the contract's, so that a delivery made
/// twice (at least once) publishes the same event twice, which the audit records once and
/// contracts see with the same idempotency key. A chain longer than `hopLimit` replies is cut:
/// the reply is recorded as a rejected received event, and the try gets a warning.
struct ChainPublisher: Sendable {
    let publisher: AMQPPublisher
    let audit: AuditWriter
    let hopLimit: Int

    /// Publishes the reply to `message` made by `route`'s action; returns the try's warnings.
    func reply(
        to message: EventMessage, link: ChainLink?, route: ContractRoute, response: ActionExecutor.Result
    ) async throws -> [String] {
        guard let event = route.action.replyTo else { return [] }
        if response.truncated {
            return ["reply not published as \(event): the response exceeds store.responseBodyLimit"]
        }
        let hop = (link?.hop ?? 0) + 1
        let id = Self.chainedId(parent: message.receivedEventId, contract: route.contract.identifier)
        let body = Self.body(of: response.body ?? "")
        let headers = response.headers.filter { !SecretRedactor.sensitiveHeaders.contains($0.name) }
        let now = Date()
        guard hop <= hopLimit else {
            try await audit.record(
                .received(
                    ReceivedEventRecord(
                        id: id, eventIdentifier: event, source: .chain, producer: route.action.subscriber,
                        headers: JSONValue(textMembers: headers), query: .object([:]), body: String(decoding: body, as: UTF8.self),
                        receivedAt: now, state: .rejected, rejectReason: "chain hop limit of \(hopLimit) reached",
                        parent: message.receivedEventId)))
            return ["reply not published as \(event): the chain reached its hop limit of \(hopLimit)"]
        }
        let chained = EventMessage(
            receivedEventId: id, eventIdentifier: event, source: .chain, producer: route.action.subscriber,
            requestHeaders: headers, requestQuery: [], receivedAt: Int64(now.timeIntervalSince1970 * 1000),
            body: ByteBuffer(bytes: body))
        var properties = chained.properties
        ChainLink(parent: message.receivedEventId, hop: hop).annotate(&properties.headers)
        try await publisher.publish(
            exchange: BrokerNames.eventsExchange, routingKey: event, body: chained.body, properties: properties,
            mandatory: true)
        return []
    }

    /// The event body of a response: its JSON as is, other text as a JSON string, nothing as `null`.
    static func body(of response: String) -> [UInt8] {
        let bytes = Array(response.utf8)
        if bytes.isEmpty {
            return JSONValue.null.serialized()
        }
        return bytes.withUnsafeBytes { JSONParser.isValid($0) } ? bytes : JSONValue.string(response).serialized()
    }

    /// A UUID (version 8) derived from the parent's receivedEventId and the contract.
    static func chainedId(parent: String, contract: String) -> String {
        var bytes = Array(SHA256.hash(data: Array("\(parent)\n\(contract)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x80
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let uuid = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                               bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        return uuid.uuidString.lowercased()
    }
}
