import ArgumentParser
import EventhosCore
import EventhosEngine
import EventhosServer
import Foundation

extension ConfigurationOptions {
    /// Runs `body` in an operator session of the configuration; an ``OperationError`` (unknown
    /// contract, unknown event…) is printed and ends the command with a failure exit.
    func withOperatorSession<Result: Sendable>(_ body: (OperatorSession) async throws -> Result) async throws -> Result {
        let configuration = try load()
        let logger = bootstrapLogging(configuration.log)
        do {
            return try await OperatorSession.run(configuration: configuration, logger: logger, body)
        } catch let error as OperationError {
            var standardError = FileHandle.standardError
            print("error: \(error)", to: &standardError)
            throw ExitCode.failure
        }
    }
}
