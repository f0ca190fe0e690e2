import ArgumentParser
import EventhosEngine
import EventhosServer

/// `eventhos replay`: delivers a stored received event again.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deliver a received event from the audit again, as new tries of its executions.")

    @OptionGroup var options: ConfigurationOptions

    @Argument(help: "The receivedEventId.")
    var receivedEventId: String

    @Option(help: "Only to this contract (default: every active contract of the event).")
    var contract: String?

    func run() async throws {
        let deliveries = try await options.withOperatorSession {
            try await $0.replay.replay(receivedEventId: receivedEventId, contract: contract)
        }
        for delivery in deliveries {
            print("\(receivedEventId) → \(delivery.contract) as attempt \(delivery.attempt)")
        }
        if deliveries.isEmpty {
            print("\(receivedEventId): no active contract takes its event; nothing sent")
        }
    }
}
