import ArgumentParser
import EventhosCore
import EventhosEngine
import EventhosServer

/// `eventhos apply`: syncs the registry and the broker topology without serving.
struct Apply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the configuration, sync the registry into the store and declare the broker topology.")

    @OptionGroup var options: ConfigurationOptions

    @Flag(help: "Soft-delete registry rows that the configuration no longer names.")
    var prune = false

    func run() async throws {
        let configuration = try options.load()
        let logger = options.bootstrapLogging(configuration.log)
        let changes = try await RegistrySync.apply(configuration: configuration, prune: prune, logger: logger)
        print(changes)
    }
}
