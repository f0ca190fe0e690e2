import ArgumentParser
import EventhosCore
import EventhosEngine
import Foundation
import NIOCore
import NIOPosix

/// The `eventhos` command: an event bridge between systems, over RabbitMQ.
@main
struct Eventhos: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Eventhos: when in system X this happens, then in system Y do this — over RabbitMQ.",
        subcommands: [
            Serve.self, Apply.self, Check.self, Send.self, Listen.self, DLQ.self, Replay.self, Contracts.self, BrokerCommands.self, Keys.self, MigrateQueues.self,
        ]
    )

    /// Runs every task on the NIO event loops that serve the HTTP server, the actions' HTTP client
    /// and PostgreSQL (`MultiThreadedEventLoopGroup.singleton`), before anything else runs: a
    /// request's handler then stays on the event loop of its connection instead of hopping to the
    /// concurrency pool's threads and back. Nothing in Eventhos blocks a task's thread: the broker
    /// connections have threads of their own, SQLite runs on GRDB's queues and PostgreSQL's blocking
    /// calls on a thread pool of the store's. `eventhos serve` reads its configuration first, so that
    /// the group has as many loops as its `server.eventLoops` says, and sets glibc's allocator
    /// (``AllocatorSettings``) before its threads start.
    static func main() async {
        let command: any ParsableCommand
        let served: EventhosConfiguration?
        do {
            command = try parseAsRoot()
            served = try (command as? Serve)?.options.load()
        } catch {
            exit(withError: error)
        }
        if let served {
            if !AllocatorSettings.isTunedByOperator(environment: ProcessInfo.processInfo.environment) { AllocatorSettings.apply() }
            NIOSingletons.groupLoopCountSuggestion = served.server.eventLoopCount(cores: System.coreCount)
        }
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        do {
            if let serve = command as? Serve, let served {
                try await serve.run(configuration: served)
            } else if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
