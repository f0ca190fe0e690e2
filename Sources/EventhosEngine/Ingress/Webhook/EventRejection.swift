/// Why a received event may not go on to the contracts: the verdict of ``EventAdmission``.
///
/// The webhook answers it as a 4xx JSON error; the AMQP intake parks the message in
/// `eventhos.rejected` with ``code`` and ``message`` in its headers and audits it as rejected.
struct EventRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong; the raw value is the machine-readable code of the webhook's JSON error.
    enum Code: String, Sendable, Hashable, CaseIterable {
        /// No credential, or one that names no producer system.
        case invalidKey = "invalid_key"
        /// No event identifier at all.
        case eventIdentifierMissing = "event_identifier_missing"
        /// No event has the identifier.
        case unknownEvent = "unknown_event"
        /// The credential's system is not the producer of the event.
        case notProducer = "not_producer"
        /// The body is not JSON.
        case invalidJSON = "invalid_json"
    }

    var code: Code
    /// For people; never holds the credential.
    var message: String
    /// The system the credential named, when it named one (kept in the audit of the rejection).
    var producer: String?

    var description: String { "\(code.rawValue): \(message)" }
}
