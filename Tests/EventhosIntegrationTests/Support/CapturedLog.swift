import Logging
import Synchronization

/// A log that keeps every line, metadata included, for tests that read what was logged.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    /// A logger at `trace` level writing here.
    var logger: Logger {
        var logger = Logger(label: "captured") { _ in Handler(log: self) }
        logger.logLevel = .trace
        return logger
    }

    var text: String {
        lines.withLock { $0.joined(separator: "\n") }
    }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            log.lines.withLock { $0.append("\(event.level) \(event.message) \(all)") }
        }
    }
}
