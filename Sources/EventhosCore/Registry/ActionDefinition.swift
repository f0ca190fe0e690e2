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

    public init(
        identifier: String, name: String, operation: Operation, subscriber: String, description: String = "",
        http: HTTPRequestDefinition, security: ActionSecurity = .none
    ) {
        self.identifier = identifier
        self.name = name
        self.operation = operation
        self.subscriber = subscriber
        self.description = description
        self.http = http
        self.security = security
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
