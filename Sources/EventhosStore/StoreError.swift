/// An error of the store.
///
/// Match on ``code``; ``message`` is for people and logs and never holds a secret.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a value to match on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case cannotOpen
            case database
            case secretKeyRequired
            case undecryptableSecret
            case unknownReference
            case invalidRow
            case writerStopped
        }

        private let value: Value

        /// The database could not be created, opened, reached or migrated.
        public static let cannotOpen = Code(value: .cannotOpen)
        /// The database refused a read or a write (read-only file, full disk, lost connection, missing table…).
        public static let database = Code(value: .database)
        /// The registry holds secrets but the store has no ``SecretCipher``.
        public static let secretKeyRequired = Code(value: .secretKeyRequired)
        /// A stored secret does not open with the configured key (wrong key or tampered row).
        public static let undecryptableSecret = Code(value: .undecryptableSecret)
        /// A registry row names a row that does not exist (an event's producer, a contract's action…).
        public static let unknownReference = Code(value: .unknownReference)
        /// A stored row holds a value this version cannot read.
        public static let invalidRow = Code(value: .invalidRow)
        /// The ``AuditWriter`` has shut down and takes no more records.
        public static let writerStopped = Code(value: .writerStopped)

        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// A human-readable explanation.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Wraps an error thrown while using the database; a ``StoreError`` is kept as it is.
    init(wrapping error: any Error) {
        if let error = error as? StoreError {
            self = error
        } else {
            self.init(.database, "\(error)")
        }
    }

    public var description: String { "StoreError.\(code): \(message)" }
}
