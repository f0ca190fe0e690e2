import AMQP
import EventhosCore
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Foundation
import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import OrderedCollections

/// `POST /event/send`: the Eventhos-compatible webhook (spec §3).
///
/// The hot path reads the registry snapshot (no database), checks the key by its hash, checks the
/// body is JSON without building it, publishes it persistent with mandatory routing, and answers
/// 202 only once the broker confirmed the message. Until the broker topology is declared (at
/// start-up) it answers 503: a contract's queue may not be bound yet, and the 202 would promise a
/// delivery that could never come.
package struct WebhookIngress: Sendable {
    let registry: RegistryReference
    let publisher: AMQPPublisher
    let maxBodyBytes: Int
    let metrics: BridgeMetrics
    let idempotencyKeys: IdempotencyKeys
    /// Tells operators of the rejections of known producers.
    let operatorEvents: OperatorEvents
    /// Says whether the broker topology is declared, before which no event is accepted.
    let readiness: Readiness
    /// The events being answered, which a graceful shutdown waits for.
    let eventsInFlight = EventsInFlight()
    let logger: Logger

    /// Headers that carry credentials: never forwarded to templates nor kept in the audit.
    static let credentialHeaders: Set<String> = ["authorization", "access-key", "cookie", "proxy-authorization"]
    /// Query parameters that carry credentials.
    static let credentialParameters: Set<String> = ["access-key"]

    /// Answers an event read whole: 202 once the broker confirmed it, else the spec's JSON error.
    func answer(_ request: WebhookRequest) async -> WebhookAnswer {
        let snapshot = registry.current  // one snapshot for the whole request
        let event = Self.knownEvent(of: request, in: snapshot)
        let counters = metrics.event(event, source: .webhook)
        return await IngressSpan.webhook(request, event: event) { () async throws(APIError) -> WebhookAnswer in
            do throws(APIError) {
                let answer = try await self.send(request, snapshot: snapshot)
                counters.recordAccepted()
                return answer
            } catch {
                counters.recordRejected(error.code)
                logger.debug(
                    "event refused",
                    metadata: ["requestId": "\(error.requestId)", "status": "\(error.status.code)", "code": "\(error.code)"])
                throw error
            }
        }
    }

    /// The request's event identifier when the registry knows it, else `""`: what metrics may label with.
    static func knownEvent(of request: WebhookRequest, in snapshot: RegistrySnapshot) -> String {
        guard let identifier = request.query["event-identifier"], snapshot.event(String(identifier)) != nil
        else { return "" }
        return String(identifier)
    }

    func send(_ request: WebhookRequest, snapshot: RegistrySnapshot) async throws(APIError) -> WebhookAnswer {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let receivedEventId = ReceivedEventID.make(millis: now)
        let query = request.query
        let admission = EventAdmission(snapshot: snapshot, channel: .webhook)
        let admitted: EventAdmission.Admitted
        do throws(EventRejection) {
            admitted = try admission.admit(
                Self.presentedKey(request).map { .key($0) }, eventIdentifier: query["event-identifier"].map(String.init))
            if let body = request.body {
                try EventAdmission.checkBody(body, producer: admitted.producer)
            }
        } catch let rejection {
            await operatorEvents.rejected(
                rejection, eventIdentifier: query["event-identifier"].map(String.init), receivedEventId: receivedEventId,
                source: .webhook)
            throw APIError(
                status: Self.status(of: rejection.code), code: rejection.code.rawValue, message: rejection.message,
                requestId: receivedEventId)
        }
        guard let body = request.body else {
            throw APIError(
                status: .contentTooLarge, code: "body_too_large",
                message: "the body exceeds the limit of \(maxBodyBytes) bytes", requestId: receivedEventId)
        }
        guard readiness.isTopologyDeclared else {
            throw .brokerUnavailable(
                "Eventhos is starting: the broker topology is not declared yet; retry later", requestId: receivedEventId,
                retryAfter: 1)
        }
        let route = admitted.route
        let message = EventMessage(
            receivedEventId: receivedEventId, eventIdentifier: route.event.identifier, source: .webhook,
            producer: admitted.producer,
            requestHeaders: Self.forwardedHeaders(request.headers),
            requestQuery: query.compactMap { name, value in
                Self.credentialParameters.contains(String(name)) ? nil : (String(name), String(value))
            },
            receivedAt: now, body: body)
        // A repeat of an Idempotency-Key gets the first send's id and publishes nothing.
        let claim = try await idempotencyKeys.claim(request.headers, producer: admitted.producer, receivedEventId: receivedEventId)
        if claim?.heldBy == nil {
            do throws(APIError) {
                try await publish(message)
            } catch {
                if let claim { await idempotencyKeys.release(claim, logger: logger) }
                throw error
            }
        }
        let answer: JSONValue = .object([
            "receivedEventId": .string(claim?.heldBy ?? receivedEventId), "contracts": .int(Int64(route.activeContracts)),
        ])
        return WebhookAnswer(.accepted, json: answer)
    }

    /// The status of the JSON error that answers a rejection (spec §3).
    static func status(of code: EventRejection.Code) -> HTTPResponse.Status {
        switch code {
        case .invalidKey, .notProducer: .unauthorized
        case .eventIdentifierMissing, .unknownEvent: .notFound
        case .invalidJSON: .badRequest
        }
    }

    private func publish(_ message: EventMessage) async throws(APIError) {
        let incoming = message.requestHeaders.first { $0.name == TraceContext.headerName }?.value
        do {
            let sent = ContinuousClock.now
            let message = try await publisher.publish(event: message, fallbackTrace: TraceContext.ingest(incoming: incoming))
            let confirmed = ContinuousClock.now - sent
            metrics.publishConfirmed(.ingest, after: confirmed)
            logger.debug(
                "event accepted",
                metadata: [
                    "receivedEventId": "\(message.receivedEventId)", "event": "\(message.eventIdentifier)",
                    "traceparent": "\(message.traceparent ?? "")", "confirmedIn": "\(confirmed)",
                ])
        } catch {
            logger.warning(
                "event not accepted: publish failed",
                metadata: ["receivedEventId": "\(message.receivedEventId)", "error": "\(error)"])
            throw .brokerUnavailable(
                "the event could not be stored durably in the broker; retry later", requestId: message.receivedEventId,
                retryAfter: 1)
        }
    }

    /// The key from the `access-key` query parameter, the `access-key` header or a bearer token.
    static func presentedKey(_ request: WebhookRequest) -> Substring? {
        if let key = request.query["access-key"], !key.isEmpty {
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
