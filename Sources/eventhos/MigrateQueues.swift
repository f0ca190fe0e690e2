import ArgumentParser
import EventhosCore
import EventhosEngine
import EventhosServer

/// `eventhos migrate-queues`: moves the vhost's queues to the type and arguments of the configuration.
struct MigrateQueues: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-queues",
        abstract: "Move the vhost's Eventhos queues to the configured queue type and arguments, keeping every message.",
        discussion: """
            For a vhost whose queues were declared otherwise (classic queues before a cluster, another \
            quorumInitialGroupSize), which `serve` refuses with PRECONDITION_FAILED. Stop every Eventhos \
            instance of the vhost first. Each queue is rebuilt through a holding queue; an interrupted run \
            is finished by running the command again.
            """)

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        let configuration = try options.load()
        let logger = options.bootstrapLogging(configuration.log)
        let moves = try await QueueMigration.run(configuration: configuration, logger: logger)
        for move in moves { print(move) }
        print(moves.isEmpty ? "every queue already has its configured arguments" : "\(moves.count) queue(s) moved")
    }
}
