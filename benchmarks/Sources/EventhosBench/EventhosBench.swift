import ArgumentParser

/// `eventhos-bench`: the load generators of `benchmarks/run` that Debian's tools do not provide.
@main
struct EventhosBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eventhos-bench",
        abstract: "Eventhos benchmarks: the raw AMQP publish and full-cycle references, paced latency, dead-letter filling, the cost of a wake-up.",
        subcommands: [PublishBenchmark.self, ReferenceBenchmark.self, LatencyBenchmark.self, DeadLetterFill.self, WakeupBenchmark.self])
}
