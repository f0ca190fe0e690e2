import ArgumentParser
import EventhosEngine
import EventhosServer

/// `eventhos contracts`: the operator's switch of contracts.
struct Contracts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pause or resume contracts.", subcommands: [Pause.self, Resume.self])

    /// `contracts pause ID...`.
    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pause contracts: they take no deliveries; their messages and due retries wait in their queues.",
            discussion: "Safe while eventhos serves: every running instance stops the contracts' workers at once. The pause survives restarts and `eventhos apply`.")

        @OptionGroup var target: ContractsTarget

        func run() async throws {
            try await target.set(paused: true)
        }
    }

    /// `contracts resume ID...`.
    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Resume paused contracts: they deliver their backlog.",
            discussion: "Also lifts a pause made by a circuit breaker that gave up (disableAfter).")

        @OptionGroup var target: ContractsTarget

        func run() async throws {
            try await target.set(paused: false)
        }
    }
}

struct ContractsTarget: ParsableArguments {
    @OptionGroup var options: ConfigurationOptions

    @Argument(help: "The contract identifiers.")
    var contracts: [String]

    func validate() throws {
        guard !contracts.isEmpty else { throw ValidationError("name at least one contract") }
    }

    /// Pauses or resumes the contracts and says which changed.
    func set(paused: Bool) async throws {
        let changed = try await options.withOperatorSession { try await $0.pauses.set(paused: paused, contracts: contracts) }
        let verb = paused ? "paused" : "resumed"
        for contract in contracts {
            print(changed.contains(contract) ? "\(contract): \(verb)" : "\(contract): already \(verb)")
        }
    }
}
