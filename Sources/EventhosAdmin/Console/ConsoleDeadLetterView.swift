import EventhosEngine
import EventhosStore
import EventhosTemplates
import Foundation

/// What the dead-letter pages show: the dead queue of every active contract, and the first
/// messages of one queue with the error each died of.
struct ConsoleDeadLetterView: Sendable {
    /// A contract's dead queue: a row of `table#dead-queues` (here and on the overview).
    struct Queue: Sendable, Equatable {
        var contract: String
        /// The depth as shown: `—` when the queue was never declared.
        var depth: String
        /// Whether messages wait in it.
        var holdsLetters: Bool
        /// The last try of its oldest message, when there is one.
        var oldestLastTryAt: String?
        var href: String

        init(_ summary: DeadQueueSummary) {
            contract = summary.contract
            depth = summary.depth.map(String.init) ?? "—"
            holdsLetters = (summary.depth ?? 0) > 0
            oldestLastTryAt = summary.oldestLastTryAt.map(AdminTime.text)
            href = Console.basePath + "/dead-letters/" + summary.contract.percentEncoded()
        }
    }

    /// A message of the queue: a row of `table#dead-letters`.
    struct Letter: Sendable, Equatable {
        var receivedEventId: String
        /// The received event's page.
        var href: String
        var attempts: String
        /// `permanent-failure`, `attempts-exhausted` or `malformed-message`.
        var reason: String
        /// The last error (`HTTP 400`, a timeout…), as the worker recorded it.
        var error: String
        var firstTryAt: String
        var lastTryAt: String

        init(_ letter: DeadLetter) {
            receivedEventId = letter.receivedEventId
            href = Console.basePath + "/log/" + letter.receivedEventId.percentEncoded()
            attempts = letter.attempts.map(String.init) ?? "—"
            reason = letter.reason ?? "—"
            error = letter.lastError ?? letter.lastStatus.map { "HTTP \($0)" } ?? "—"
            firstTryAt = letter.firstTryAt.map(AdminTime.text) ?? "—"
            lastTryAt = letter.lastTryAt.map(AdminTime.text) ?? "—"
        }
    }

    /// How many messages one contract's page shows (and a selection is looked for in).
    static let shownLetters = 100

    var contract: String
    var queue: Queue
    var letters: [Letter]
    /// How many are listed.
    var listed: Int
    /// Whether the queue holds more messages than the page shows.
    var more: Bool

    init(contract: String, summary: DeadQueueSummary, letters: [DeadLetter]) {
        self.contract = contract
        queue = Queue(summary)
        self.letters = letters.map(Letter.init)
        listed = letters.count
        more = (summary.depth ?? 0) > letters.count
    }
}
