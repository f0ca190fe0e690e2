import ArgumentParser

/// How long a timed benchmark runs and how big its messages are.
struct LoadOptions: ParsableArguments {
    @Option(help: "How long to send, in seconds.")
    var seconds = 20.0

    @Option(help: "Body size in bytes.")
    var bodyBytes = 1024

    /// ``seconds`` as a duration.
    var duration: Duration { .milliseconds(Int64(seconds * 1000)) }
}
