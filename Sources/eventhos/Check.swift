import ArgumentParser
import EventhosCore

/// `eventhos check`: validates the configuration file and prints every problem.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the configuration file; print every problem with its path.")

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        let configuration = try options.load()
        print("\(options.config): valid — \(configuration.registry.summary)")
    }
}
