import ArgumentParser
import EventhosCore
import EventhosEngine
import EventhosServer
import Foundation

/// `eventhos broker-commands`: prints the rabbitmqctl commands that create a producer system's broker user.
struct BrokerCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker-commands",
        abstract: "Print the rabbitmqctl commands that let a producer system publish its events over AMQP.",
        discussion: """
            The user may publish to eventhos.ingress only, with its own events' routing keys. Run the \
            commands with the password in EVENTHOS_PRODUCER_PASSWORD; broker/producer-user does the same.
            """)

    @OptionGroup var options: ConfigurationOptions

    @Option(help: "The producer system's identifier.")
    var system: String

    func run() throws {
        let configuration = try options.load()
        do {
            let commands = try ProducerBrokerCommands(
                system: system, registry: configuration.registry, brokerURL: configuration.broker.url)
            print(commands.lines.joined(separator: "\n"))
        } catch {
            var standardError = FileHandle.standardError
            print("broker-commands: \(error)", to: &standardError)
            throw ExitCode.failure
        }
    }
}
