/// How the response statuses of an action are judged, when the default of spec §5 does not fit
/// (`responses:` of a contract or an action):
///
/// ```yaml
/// responses:
///   success: [2xx, 409]
///   retry: [408, 425, 429, 5xx]
///   dead: [4xx]
/// ```
///
/// A status is judged by the most specific pattern that names it, whichever list holds it: an
/// exact code beats a class, so with the policy above 409 succeeds and 404 is dead-lettered. A
/// status that no list names keeps the default verdict, ``TryVerdict/init(status:)``. Only
/// statuses are judged here: time-outs and connection errors stay retryable.
///
/// When a contract and its action both give a policy, the contract's whole policy replaces the
/// action's: the two are not merged, so a contract states all it changes in one place.
public struct ResponsePolicy: Sendable, Hashable {
    /// The statuses that complete a delivery.
    public var success: [StatusPattern]
    /// The statuses that are tried again with the contract's backoff.
    public var retry: [StatusPattern]
    /// The statuses that dead-letter a delivery at once.
    public var dead: [StatusPattern]

    public init(success: [StatusPattern] = [], retry: [StatusPattern] = [], dead: [StatusPattern] = []) {
        self.success = success
        self.retry = retry
        self.dead = dead
    }

    /// The verdict on a response status.
    ///
    /// The configuration file refuses a pattern given twice; were one in two lists, `success`
    /// would win over `retry`, and `retry` over `dead`.
    public func verdict(status: Int) -> TryVerdict {
        let lists: [(patterns: [StatusPattern], verdict: TryVerdict)] = [(success, .success), (retry, .retryable), (dead, .permanent)]
        for pattern in [StatusPattern.code(status), .class(status / 100)] {
            if let match = lists.first(where: { $0.patterns.contains(pattern) }) {
                return match.verdict
            }
        }
        return TryVerdict(status: status)
    }
}

/// A response status, or a class of statuses, in a list of a ``ResponsePolicy``: `409`, `4xx`.
public enum StatusPattern: Sendable, Hashable {
    /// One status, from 100 to 599.
    case code(Int)
    /// Every status of one hundred, from 1 (`1xx`) to 5 (`5xx`): `.class(4)` is `4xx`.
    case `class`(Int)

    /// The valid codes.
    static let codes = 100...599
    /// The valid classes.
    static let classes = 1...5

    /// Parses a code from 100 to 599 (`409`) or a class from `1xx` to `5xx` (`4XX` too).
    public init?(configText: String) {
        let text = configText.lowercased()
        if text.count == 3, text.hasSuffix("xx"), let first = text.first, let hundred = first.wholeNumberValue, first.isASCII,
            Self.classes.contains(hundred)
        {
            self = .class(hundred)
        } else if text.count == 3, text.allSatisfy({ $0.isASCII && $0.isNumber }), let code = Int(text), Self.codes.contains(code) {
            self = .code(code)
        } else {
            return nil
        }
    }

    /// The pattern as the configuration file writes it: `409`, `4xx`.
    public var configText: String {
        switch self {
        case .code(let code): String(code)
        case .class(let hundred): "\(hundred)xx"
        }
    }
}
