import ArgumentParser

/// The `eventhos` command: an event bridge between systems, over RabbitMQ.
@main
struct Eventhos: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Eventhos: when in system X this happens, then in system Y do this — over RabbitMQ.",
        subcommands: [
            Serve.self, Apply.self, Check.self, Send.self, Listen.self, DLQ.self, Replay.self, Contracts.self, BrokerCommands.self, Keys.self, MigrateQueues.self,
        ]
    )
}
