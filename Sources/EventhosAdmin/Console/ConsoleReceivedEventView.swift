import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosStore
import EventhosTemplates

/// What a received event's page shows: the event as received, and each contract's execution with
/// every try's request, response, timing and outcome.
///
/// Requests and responses are shown as the audit stored them, where the contract worker already
/// masked every credential as `***`; the page reads no secret from the registry. Header fields
/// that carry credentials by nature are masked again here, so a row written by an older version
/// cannot show one either.
struct ConsoleReceivedEventView: Sendable {
    /// A header or query field.
    struct Field: Sendable, Equatable {
        var name: String
        var value: String
    }

    /// One try: `div.try[data-attempt=N]`.
    struct Try: Sendable, Equatable {
        var attempt: Int
        /// `success`, `retryable` or `failed`.
        var outcome: String
        /// The request line, header fields and body, as sent.
        var request: String
        /// The status line, header fields and body, or that no response came.
        var response: String
        /// `125 ms`, `2.4 s`.
        var duration: String
        var executedAt: String
        var error: String?
        var warnings: [String]
    }

    /// One contract's delivery: `section.execution[data-contract=<identifier>]`.
    struct Execution: Sendable, Equatable {
        var contract: String
        /// `PROCESSING`, `RETRYING`, `COMPLETED`, `ERROR` or `SKIPPED`.
        var state: String
        var attempts: Int
        var createdAt: String
        var updatedAt: String
        var tries: [Try]
        /// Why the delivery waits for lower-order contracts, while it does.
        var waitingFor: String?
        /// Why the delivery ended without a try: `filtered`, `expired`, `operator-skip`.
        var reason: String?
        /// Whether the contract is in force for this event, so that it can be replayed.
        var replayable: Bool
    }

    var id: String
    var event: String
    var source: String
    var producer: String
    var state: String
    var rejectReason: String?
    var receivedAt: String
    /// The received event whose delivery answered with this one (`source: chain`).
    var parent: String?
    var parentHref: String?
    /// The body, indented when it is JSON.
    var body: String
    var headers: [Field]
    var query: [Field]
    var executions: [Execution]
    /// Whether the event was accepted (a rejected one was never delivered, and cannot be replayed).
    var replayable: Bool

    /// - Parameters:
    ///   - registry: the registry in force, which tells the contracts that can replay the event.
    init(event: ReceivedEventRecord, executions: [ExecutionRow], registry: RegistrySnapshot) {
        id = event.id
        self.event = event.eventIdentifier
        source = event.source.rawValue
        producer = event.producer ?? "—"
        state = event.state.rawValue
        rejectReason = event.rejectReason
        receivedAt = AdminTime.text(event.receivedAt)
        parent = event.parent
        parentHref = event.parent.map { Console.basePath + "/log/" + $0.percentEncoded() }
        body = (try? JSONParser.parse(Array(event.body.utf8)))?.indentedString ?? event.body
        headers = Self.fields(event.headers)
        query = Self.fields(event.query)
        replayable = event.state == .accepted
        self.executions = executions.map { execution in
            Execution(
                contract: execution.contract, state: execution.state.rawValue, attempts: execution.attempts,
                createdAt: AdminTime.text(execution.createdAt), updatedAt: AdminTime.text(execution.updatedAt),
                tries: execution.tries.map(Self.attempt), waitingFor: execution.waitingFor, reason: execution.reason,
                replayable: event.state == .accepted && registry.contract(execution.contract)?.event.identifier == event.eventIdentifier)
        }
    }

    private static func attempt(_ attempt: ExecutionRow.Try) -> Try {
        let request = attempt.request
        var requestText = "\(request.method) \(request.url)\n" + lines(request.headers)
        if let body = request.body {
            requestText += "\n" + body
        }
        let responseText: String
        if let response = attempt.response {
            responseText = "HTTP \(response.status)\n" + lines(response.headers) + "\n" + response.body
                + (response.truncated ? "\n… (cut at the configured size)" : "")
        } else {
            responseText = "no response" + (attempt.error.map { ": \($0)" } ?? "")
        }
        return Try(
            attempt: attempt.attempt, outcome: attempt.outcome.rawValue, request: requestText, response: responseText,
            duration: duration(milliseconds: attempt.durationMilliseconds), executedAt: AdminTime.text(attempt.executedAt),
            error: attempt.error, warnings: attempt.warnings)
    }

    /// Header fields one per line, credential-bearing ones masked.
    private static func lines(_ fields: [(name: String, value: String)]) -> String {
        fields.map { "\($0.name): \(masked($0.name, $0.value))\n" }.joined()
    }

    private static func masked(_ name: String, _ value: String) -> String {
        SecretRedactor.sensitiveHeaders.contains(name.lowercased()) ? SecretRedactor.mask : value
    }

    private static func fields(_ value: JSONValue) -> [Field] {
        guard case .object(let members) = value else { return [] }
        return members.map { name, value in
            let text = if case .string(let text) = value { text } else { value.serializedString }
            return Field(name: name, value: masked(name, text))
        }
    }

    /// `125 ms` under a second, `2.4 s` above.
    static func duration(milliseconds: Int) -> String {
        milliseconds < 1000 ? "\(milliseconds) ms" : "\(milliseconds / 1000).\(milliseconds % 1000 / 100) s"
    }
}
