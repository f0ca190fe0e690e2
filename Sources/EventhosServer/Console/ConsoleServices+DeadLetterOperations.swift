import AMQP

extension ConsoleServices {
    /// The contracts' dead queues, for the registry in force, on the bridge's broker connection
    /// (what the admin API's `/dead-letters` routes use).
    var deadLetters: DeadLetterOperations {
        operations.deadLetters
    }

    /// Delivering stored events again (what `POST /api/v1/received-events/{id}/replay` uses).
    var replay: EventReplay {
        EventReplay(connection: operations.connection, store: store, registry: operations.registry.current)
    }

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
