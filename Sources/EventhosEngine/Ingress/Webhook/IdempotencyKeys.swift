import EventhosStore
import HTTPTypes
import Logging

/// The `Idempotency-Key` of `POST /event/send`: a repeat of a producer's key within 24 h is
/// answered with the first send's receivedEventId and publishes nothing.
///
/// Claims live in the store (`idempotency_key`), so they hold across restarts and across
/// instances sharing the store. Only requests that carry the header touch the store.
package struct IdempotencyKeys: Sendable {
    /// One send's claim on its key.
    struct Claim: Sendable {
        var key: String
        var producer: String
        var receivedEventId: String
        /// The receivedEventId of the earlier send holding the key, if one does.
        var heldBy: String?
    }

    static let header = HTTPField.Name("Idempotency-Key")!
    /// The longest key taken (keys are usually UUIDs).
    static let maxLength = 255

    let store: EventhosStore

    /// Claims the request's key for `receivedEventId`; `nil` when the request has no key.
    /// - Throws: ``APIError`` 400 for an empty or overlong key, 503 when the store fails.
    func claim(_ headers: HTTPFields, producer: String, receivedEventId: String) async throws(APIError) -> Claim? {
        guard let key = headers[Self.header] else { return nil }
        guard !key.isEmpty, key.utf8.count <= Self.maxLength else {
            throw APIError(
                status: .badRequest, code: "invalid_idempotency_key",
                message: "the Idempotency-Key header must hold 1 to \(Self.maxLength) bytes", requestId: receivedEventId)
        }
        do {
            let claim = try await store.claimIdempotencyKey(key, producer: producer, receivedEventId: receivedEventId)
            let heldBy: String? = if case .heldBy(let first) = claim { first } else { nil }
            return Claim(key: key, producer: producer, receivedEventId: receivedEventId, heldBy: heldBy)
        } catch {
            throw APIError(
                status: .serviceUnavailable, code: "store_unavailable",
                message: "the Idempotency-Key could not be checked; retry later", requestId: receivedEventId,
                retryAfter: 1)
        }
    }

    /// Frees a claim whose event was not accepted, so the producer's retry with the key succeeds.
    func release(_ claim: Claim, logger: Logger) async {
        do {
            try await store.releaseIdempotencyKey(claim.key, producer: claim.producer, receivedEventId: claim.receivedEventId)
        } catch {
            logger.error(
                "Idempotency-Key of a failed send not released; repeats within 24 h will get its receivedEventId",
                metadata: ["receivedEventId": "\(claim.receivedEventId)", "error": "\(error)"])
        }
    }
}
