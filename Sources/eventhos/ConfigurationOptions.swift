import ArgumentParser
import EventhosCore
import EventhosEngine
import EventhosServer
import Foundation
import Logging

/// `--config FILE`, shared by every command.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (YAML). EVENTHOS_<SECTION>_<KEY> variables override it.")
    var config: String = "eventhos.yaml"

    /// The configuration, or every problem of the file printed with its path and a failure exit.
    func load() throws -> EventhosConfiguration {
        do {
            return try EventhosConfiguration.load(path: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            printProblems(error)
            throw ExitCode.failure
        }
    }

    func printProblems(_ error: ConfigurationError) {
        var standardError = FileHandle.standardError
        print("\(config): \(error.problems.count) problem(s)", to: &standardError)
        for problem in error.problems {
            print("  \(problem)", to: &standardError)
        }
    }

    /// Sets up logging as the configuration asks.
    func bootstrapLogging(_ settings: LogSettings) -> Logger {
        let level = Logger.Level(rawValue: settings.level.rawValue) ?? .info
        LoggingSystem.bootstrap { label in
            switch settings.format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        return Logger(label: "eventhos")
    }
}

extension FileHandle: @retroactive TextOutputStream {
    /// Lets `print(_:to:)` write to standard error.
    public func write(_ string: String) {
        write(Data(string.utf8))
    }
}
