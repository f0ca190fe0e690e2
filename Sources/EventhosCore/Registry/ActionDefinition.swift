import EventhosJSON
import EventhosTemplates
import OrderedCollections

/// An HTTP call on a subscriber system.
public struct ActionDefinition: Sendable, Hashable {
    public var identifier: String
    public var name: String
    public var operation: Operation
    /// Identifier of the subscriber system.
    public var subscriber: String
    public var description: String
    public var http: HTTPRequestDefinition
    public var security: ActionSecurity
    /// Signs outgoing requests with the Standard Webhooks headers; `nil` sends them unsigned.
    public var signing: ActionSigning?
    /// Identifier of an event of the subscriber system: a successful response body is published
    /// as that event, so contracts chain.
    public var replyTo: String?
    /// The most deliveries of each of its contracts in flight at once; `nil` leaves the broker's prefetch.
    public var maxInFlight: Int?
    /// The most requests per second or minute, over all the contracts of the action; `nil` for no limit.
    public var rateLimit: RateLimit?
    /// How the response statuses are judged; a contract's own policy replaces it; `nil` for the default of spec §5.
    public var responses: ResponsePolicy?
    /// Stops the deliveries of the action's contracts while the action keeps failing; `nil` for none.
    public var circuitBreaker: CircuitBreakerPolicy?

    public init(
        identifier: String, name: String, operation: Operation, subscriber: String, description: String = "",
        http: HTTPRequestDefinition, security: ActionSecurity = .none, signing: ActionSigning? = nil, replyTo: String? = nil,
        maxInFlight: Int? = nil, rateLimit: RateLimit? = nil, responses: ResponsePolicy? = nil,
        circuitBreaker: CircuitBreakerPolicy? = nil
    ) {
        self.identifier = identifier
        self.name = name
        self.operation = operation
        self.subscriber = subscriber
        self.description = description
        self.http = http
        self.security = security
        self.signing = signing
        self.replyTo = replyTo
        self.maxInFlight = maxInFlight
        self.rateLimit = rateLimit
        self.responses = responses
        self.circuitBreaker = circuitBreaker
    }
}

/// The request template of an action, as written: every string may hold `${.path}` placeholders.
public struct HTTPRequestDefinition: Sendable, Hashable {
    public var method: String
    public var url: String
    public var headers: OrderedDictionary<String, String>
    public var params: OrderedDictionary<String, String>
    /// The body template; `nil` forwards the received body as it is.
    public var data: JSONValue?
    public var timeout: Duration

    public init(
        method: String = "POST", url: String, headers: OrderedDictionary<String, String> = [:],
        params: OrderedDictionary<String, String> = [:], data: JSONValue? = nil, timeout: Duration = .seconds(10)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.params = params
        self.data = data
        self.timeout = timeout
    }
}
