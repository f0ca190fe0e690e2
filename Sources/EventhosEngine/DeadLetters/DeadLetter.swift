import AMQP
import Foundation

/// A message of a contract's dead queue, as its headers describe it.
public struct DeadLetter: Sendable, Hashable {
    /// The receivedEventId of the event (the message id); empty when the message has none.
    public var receivedEventId: String
    /// Tries made before it was dead-lettered (the last attempt number).
    public var attempts: Int?
    /// Why it is here: `permanent-failure`, `attempts-exhausted` or `malformed-message`.
    public var reason: String?
    /// The subscriber's last HTTP status, if it answered.
    public var lastStatus: Int?
    /// The last error, or `HTTP <status>`.
    public var lastError: String?
    public var firstTryAt: Date?
    public var lastTryAt: Date?

    /// Reads what the contract worker wrote in the message's headers.
    init(_ delivery: AMQPDelivery) {
        let headers = delivery.properties.headers
        receivedEventId = delivery.properties.messageId ?? ""
        attempts = headers[DeadLetterHeader.attempts]?.integer.map(Int.init)
        reason = headers[DeadLetterHeader.reason]?.text
        lastStatus = headers[DeadLetterHeader.lastStatus]?.integer.map(Int.init)
        lastError = headers[DeadLetterHeader.lastError]?.text
        firstTryAt = headers[ContractWorker.Header.firstTryAt]?.date
        lastTryAt = headers[DeadLetterHeader.lastTryAt]?.date
    }
}

/// Headers the contract worker writes on a message it dead-letters.
enum DeadLetterHeader {
    static let attempts = "eventhos-attempts"
    static let reason = "eventhos-dead-reason"
    static let lastStatus = "eventhos-last-status"
    static let lastError = "eventhos-last-error"
    static let lastTryAt = "eventhos-last-try-at"
}

extension AMQPFieldValue {
    /// The value as an integer, when it is one.
    var integer: Int64? {
        if case .int(let value) = self { value } else { nil }
    }

    /// The value as text, when it is a string.
    var text: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The value read as milliseconds since 1970.
    var date: Date? {
        integer.map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }
}
