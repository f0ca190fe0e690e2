/// A test bridge in a virtual host of its own (see ``RabbitMQCtl/withVirtualHost(_:)``) with a
/// subscriber: for tests that count on every message of the shared queues (`eventhos.audit`) being theirs.
func withIsolatedBridge(_ body: (TestSubscriber, TestBridge) async throws -> Void) async throws {
    try await RabbitMQCtl.withVirtualHost { brokerURL in
        try await withSubscriber { subscriber in
            try await body(subscriber, try TestBridge(subscriberURL: subscriber.url, brokerURL: brokerURL))
        }
    }
}
