/// An operator command (dead letters, replay) that cannot be carried out as asked.
public struct OperationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a value to match on.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case unknownContract
            case unknownReceivedEvent
            case notReplayable
        }

        private let value: Value

        /// No contract has the identifier.
        public static let unknownContract = Code(value: .unknownContract)
        /// The audit holds no received event with the id.
        public static let unknownReceivedEvent = Code(value: .unknownReceivedEvent)
        /// The received event cannot be delivered again (rejected, or the contract is not its event's).
        public static let notReplayable = Code(value: .notReplayable)

        public var description: String { value.rawValue }
    }

    public let code: Code
    /// A human-readable explanation.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func unknownContract(_ identifier: String) -> OperationError {
        OperationError(.unknownContract, "no contract has the identifier '\(identifier)'")
    }
}
