/// The attribute names of Eventhos spans: OpenTelemetry semantic conventions, and `eventhos.*` for the rest.
enum SpanAttributeName {
    static let httpRequestMethod = "http.request.method"
    static let httpResponseStatusCode = "http.response.status_code"
    static let httpRoute = "http.route"
    static let urlFull = "url.full"
    static let urlPath = "url.path"
    static let urlScheme = "url.scheme"
    static let errorType = "error.type"

    static let messagingSystem = "messaging.system"
    static let messagingOperationType = "messaging.operation.type"
    static let messagingOperationName = "messaging.operation.name"
    static let messagingDestinationName = "messaging.destination.name"
    static let messagingSubscriptionName = "messaging.destination.subscription.name"
    static let messagingMessageID = "messaging.message.id"
    static let messagingRoutingKey = "messaging.rabbitmq.destination.routing_key"

    static let event = "eventhos.event"
    static let contract = "eventhos.contract"
    static let attempt = "eventhos.attempt"
}
