import Synchronization

/// The answer slot of a control operation, resumed exactly once: by the owner thread when the
/// operation ran, or earlier by the caller's cancellation (a declaration waiting for a broker that
/// never comes must not hold up a shutdown).
final class ControlReply: Sendable {
    typealias Answer = Result<DriverCommand.ControlResult, AMQPError>

    private let continuation: Mutex<CheckedContinuation<Answer, Never>?>

    init(_ continuation: CheckedContinuation<Answer, Never>) {
        self.continuation = Mutex(continuation)
    }

    /// Delivers the answer; later calls do nothing.
    func resume(returning answer: Answer) {
        continuation.withLock { $0.take() }?.resume(returning: answer)
    }
}
