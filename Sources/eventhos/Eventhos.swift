import ArgumentParser
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
    /// calls on a thread pool of the store's. `eventhos serve` sizes the group first, as its
    /// `server.eventLoops` says.
    static func main() async {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        if let serve = command as? Serve {
            NIOSingletons.groupLoopCountSuggestion = serve.eventLoopCount()
        }
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
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
