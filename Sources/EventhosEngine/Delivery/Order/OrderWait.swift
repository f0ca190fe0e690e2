import AMQP

/// How long a delivery has waited for the lower order groups of its event.
///
/// The message carries it in its header `eventhos-order-wait` (a table: `attempt`, `waits`,
/// `recorded`), so a restart forgets nothing and no timer lives in memory.
struct OrderWait: Sendable, Hashable {
    static let header = "eventhos-order-wait"

    /// The delays between two checks of the lower order groups: short at first, backing off to a cap.
    /// Each one is a delay queue `eventhos.retry.<ms>ms`, declared with the base topology.
    static let delays: [Duration] = [
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30),
    ]

    /// The attempt the wait comes before: a retry, a redrive or a replay starts a wait afresh.
    var attempt: Int
    /// How many times the delivery was already put back to wait.
    var waits: Int
    /// What `contract_exc_detail.waiting_for` holds for the delivery, once recorded.
    var recorded: String?

    init(attempt: Int, waits: Int = 0, recorded: String? = nil) {
        self.attempt = attempt
        self.waits = waits
        self.recorded = recorded
    }

    /// The wait that a delivery of `attempt` carries in `headers`: a fresh one when there is none
    /// or when it was left by another attempt.
    init(headers: AMQPTable, attempt: Int) {
        self.init(attempt: attempt)
        guard case .table(let table) = headers[Self.header], case .int(let carried) = table["attempt"], carried == attempt
        else { return }
        if case .int(let waits) = table["waits"], waits > 0, waits <= Int32.max {
            self.waits = Int(waits)
        }
        if case .string(let recorded) = table["recorded"] {
            self.recorded = recorded
        }
    }

    /// How long the delivery waits before the next check.
    var delay: Duration {
        Self.delays[min(waits, Self.delays.count - 1)]
    }

    /// The wait after one more delay, because of `waitingFor`.
    ///
    /// The first, short wait is the normal pace of a lower group that completes at once: it is not
    /// written to the audit. From the second one on, `waitingFor` is recorded (compare ``recorded``
    /// with this wait's to know whether the audit must be written).
    func next(waitingFor: String) -> OrderWait {
        OrderWait(attempt: attempt, waits: waits + 1, recorded: waits == 0 ? recorded : waitingFor)
    }

    /// The header value.
    var field: AMQPFieldValue {
        var table: AMQPTable = ["attempt": .int(Int64(attempt)), "waits": .int(Int64(waits))]
        if let recorded {
            table["recorded"] = .string(recorded)
        }
        return .table(table)
    }
}
