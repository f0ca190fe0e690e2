import ArgumentParser
import EventhosEngine
import EventhosServer
import Foundation

/// `eventhos dlq`: the contracts' dead queues.
struct DLQ: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq", abstract: "List, inspect, redrive or purge the contracts' dead queues.",
        subcommands: [List.self, Show.self, Redrive.self, Purge.self])

    /// `dlq list`: depth and oldest message of every active contract's dead queue.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every active contract's dead queue: its depth and the last try of its oldest message.")

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let summaries = try await options.withOperatorSession { try await $0.deadLetters.list() }
            print("contract\tdepth\toldest last try")
            for summary in summaries {
                let depth = summary.depth.map(String.init) ?? "(no queue)"
                print("\(summary.contract)\t\(depth)\t\(summary.oldestLastTryAt.map(Self.text) ?? "-")")
            }
        }

        static func text(_ date: Date) -> String {
            date.formatted(.iso8601)
        }
    }

    /// `dlq show CONTRACT`: the messages of a dead queue, left in place.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The messages of a contract's dead queue with their errors, without removing them.")

        @OptionGroup var target: DeadQueueTarget

        @Option(help: "How many messages to show, oldest first.")
        var limit = 20

        func run() async throws {
            let letters = try await target.options.withOperatorSession {
                try await $0.deadLetters.show(contract: target.contract, limit: limit)
            }
            for letter in letters {
                print(
                    [
                        letter.receivedEventId, "attempts=\(letter.attempts.map(String.init) ?? "-")",
                        "reason=\(letter.reason ?? "-")", "status=\(letter.lastStatus.map(String.init) ?? "-")",
                        "first=\(letter.firstTryAt.map(List.text) ?? "-")", "last=\(letter.lastTryAt.map(List.text) ?? "-")",
                        "error=\(letter.lastError ?? "-")",
                    ].joined(separator: "\t"))
            }
            print("\(letters.count) message(s) shown")
        }
    }

    /// `dlq redrive CONTRACT`: dead messages back to the contract, with a fresh attempt budget.
    struct Redrive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a contract's dead messages back to its queue with a fresh attempt budget.",
            discussion: "Safe while eventhos serves. Each message is removed from the dead queue only once the broker confirmed its copy in the contract's queue.")

        @OptionGroup var target: DeadQueueTarget

        @Option(help: "Redrive at most this many messages, oldest first (default: all).")
        var limit: Int?

        func run() async throws {
            let clock = ContinuousClock()
            let started = clock.now
            let count = try await target.options.withOperatorSession {
                try await $0.deadLetters.redrive(contract: target.contract, limit: limit)
            }
            let elapsed = (clock.now - started).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            print(
                "\(count) message(s) redriven to \(target.contract) in \(String(format: "%.2f", seconds)) s"
                    + " (\(Int(Double(count) / max(seconds, 0.001))) messages/s)")
        }
    }

    /// `dlq purge CONTRACT --yes`: deletes a dead queue's messages.
    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete the messages of a contract's dead queue (asks for --yes).")

        @OptionGroup var target: DeadQueueTarget

        @Flag(help: "Confirm the deletion.")
        var yes = false

        func validate() throws {
            guard yes else {
                throw ValidationError("purging deletes the dead letters for good; add --yes to confirm")
            }
        }

        func run() async throws {
            let count = try await target.options.withOperatorSession { try await $0.deadLetters.purge(contract: target.contract) }
            print("\(count) message(s) purged from the dead queue of \(target.contract)")
        }
    }
}

/// `--config FILE` and the contract whose dead queue a `dlq` command works on.
struct DeadQueueTarget: ParsableArguments {
    @OptionGroup var options: ConfigurationOptions

    @Argument(help: "The contract identifier.")
    var contract: String
}
