import ArgumentParser

/// `eventhos-bench`: the load generators of `benchmarks/run` that Debian's tools do not provide.
@main
struct EventhosBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eventhos-bench",
        abstract: "Eventhos benchmarks: the raw AMQP publish reference, paced latency, dead-letter filling.",
        subcommands: [PublishBenchmark.self, LatencyBenchmark.self, DeadLetterFill.self])
}
