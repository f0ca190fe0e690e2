import AMQP
import EventhosCore
import EventhosTemplates
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `POST /event/send`: the Eventhos-compatible webhook (spec §3).
///
/// The hot path reads the registry snapshot (no database), checks the key by its hash, checks the
/// body is JSON without building it, publishes it persistent with mandatory routing, and answers
/// 202 only once the broker confirmed the message.
struct IngestController: Sendable {
    let registry: RegistryReference
    let publisher: AMQPPublisher
    let maxBodyBytes: Int

    /// Headers that carry credentials: never forwarded to templates nor kept in the audit.
    static let credentialHeaders: Set<String> = ["authorization", "access-key", "cookie", "proxy-authorization"]
    /// Query parameters that carry credentials.
    static let credentialParameters: Set<String> = ["access-key"]

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/event/send") { request, context in
            try await self.send(request, logger: context.logger)
        }
    }

    func send(_ request: Request, logger: Logger) async throws -> Response {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let receivedEventId = ReceivedEventID.make(millis: now)
        let snapshot = registry.current
        let query = request.uri.queryParameters

        guard let key = Self.presentedKey(request), let producer = snapshot.producer(presentedKey: key) else {
            throw APIError(
                status: .unauthorized, code: "invalid_key",
                message: "a valid producer key is required (access-key query parameter, access-key header or bearer token)",
                requestId: receivedEventId)
        }
        guard let identifier = query["event-identifier"].map(String.init), !identifier.isEmpty else {
            throw APIError(
                status: .notFound, code: "event_identifier_missing",
                message: "the event-identifier query parameter is required", requestId: receivedEventId)
        }
        guard let route = snapshot.event(identifier) else {
            throw APIError(
                status: .notFound, code: "unknown_event", message: "no event has the identifier '\(identifier)'",
                requestId: receivedEventId)
        }
        guard route.event.producer == producer else {
            throw APIError(
                status: .unauthorized, code: "not_producer",
                message: "this key's system is not the producer of event '\(identifier)'", requestId: receivedEventId)
        }
        let body = try await collectBody(request, requestId: receivedEventId)
        let message = EventMessage(
            receivedEventId: receivedEventId, eventIdentifier: identifier, source: .webhook, producer: producer,
            requestHeaders: Self.forwardedHeaders(request.headers),
            requestQuery: query.compactMap { name, value in
                Self.credentialParameters.contains(String(name)) ? nil : (String(name), String(value))
            },
            receivedAt: now, body: body)
        try await publish(message, logger: logger)
        let answer: JSONValue = .object([
            "receivedEventId": .string(receivedEventId), "contracts": .int(Int64(route.activeContracts)),
        ])
        return Response.json(.accepted, answer)
    }

    private func collectBody(_ request: Request, requestId: String) async throws -> ByteBuffer {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(
                status: .contentTooLarge, code: "body_too_large",
                message: "the body exceeds the limit of \(maxBodyBytes) bytes", requestId: requestId)
        }
        let valid = body.readableBytes == 0 || body.withUnsafeReadableBytes { JSONParser.isValid($0) }
        guard valid else {
            throw APIError(status: .badRequest, code: "invalid_json", message: "the body is not JSON", requestId: requestId)
        }
        return body
    }

    private func publish(_ message: EventMessage, logger: Logger) async throws {
        do {
            try await publisher.publish(
                exchange: BrokerNames.eventsExchange, routingKey: message.eventIdentifier, body: message.body,
                properties: message.properties, mandatory: true)
        } catch {
            logger.warning(
                "event not accepted: publish failed",
                metadata: ["receivedEventId": "\(message.receivedEventId)", "error": "\(error)"])
            throw APIError(
                status: .serviceUnavailable, code: "broker_unavailable",
                message: "the event could not be stored durably in the broker; retry later",
                requestId: message.receivedEventId, retryAfter: 1)
        }
    }

    /// The key from the `access-key` query parameter, the `access-key` header or a bearer token.
    static func presentedKey(_ request: Request) -> Substring? {
        if let key = request.uri.queryParameters["access-key"], !key.isEmpty {
            return key
        }
        if let name = HTTPField.Name("access-key"), let key = request.headers[name], !key.isEmpty {
            return Substring(key)
        }
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            return authorization.dropFirst("bearer ".count).drop { $0 == " " }
        }
        return nil
    }

    /// Request headers as templates see them: lower-case names, credentials removed.
    static func forwardedHeaders(_ fields: HTTPFields) -> [(name: String, value: String)] {
        fields.compactMap { field in
            let name = field.name.canonicalName
            return credentialHeaders.contains(name) ? nil : (name, field.value)
        }
    }
}
