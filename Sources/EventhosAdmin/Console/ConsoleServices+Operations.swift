import AMQP
import EventhosEngine

extension ConsoleServices {
    /// Which operations on dead letters and stored events the signed-in role may carry out, with
    /// the roles the admin API asks for them: `can.replay`, `can.redrive`, `can.purge` in templates.
    static func permissions(_ context: ConsoleRequestContext) -> [String: Bool] {
        [
            "replay": context.permits(OperationsController.Roles.replay),
            "redrive": context.permits(OperationsController.Roles.redrive),
            "purge": context.permits(OperationsController.Roles.purge),
        ]
    }

    /// What to tell the operator when an operation was refused (``OperationError``) or the broker
    /// failed (``AMQPError``); `nil` for any other error.
    static func refusal(_ error: any Error) -> String? {
        switch error {
        case let error as OperationError: error.message
        case let error as AMQPError: "the broker refused or cannot be reached: \(error)"
        default: nil
        }
    }
}
