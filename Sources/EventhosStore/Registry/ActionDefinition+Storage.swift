import EventhosCore
import EventhosJSON
import EventhosTemplates
import OrderedCollections

extension ActionDefinition {
    /// The `action` row of this definition; its security and signing go to `action_security`.
    func registryRow(systemIds: [String: Int64], eventIds: [String: Int64]) throws(StoreError) -> RegistryRow {
        RegistryRow(
            identifier: identifier,
            columns: [
                ("name", name.sqlValue), ("operation", operation.rawValue.sqlValue),
                (
                    "subscriber_id",
                    try systemIds.id(of: subscriber, referencedBy: "action '\(identifier)'").sqlValue
                ),
                ("description", description.sqlValue),
                ("http_method", http.method.sqlValue), ("http_url", http.url.sqlValue),
                ("http_headers", JSONValue(stringMembers: http.headers).storageText.sqlValue),
                ("http_params", JSONValue(stringMembers: http.params).storageText.sqlValue),
                ("http_data", http.data?.storageText.sqlValue ?? .null),
                ("timeout_ms", http.timeout.milliseconds.sqlValue),
                (
                    "reply_to_event_id",
                    try replyTo.map { event throws(StoreError) in
                        try eventIds.id(of: event, referencedBy: "action '\(identifier)'")
                    }.sqlValue
                ),
                ("max_in_flight", maxInFlight.sqlValue),
                ("rate_limit", rateLimit?.configText.sqlValue ?? .null),
                ("responses", responses?.json.storageText.sqlValue ?? .null),
                ("circuit_breaker", circuitBreaker?.json.storageText.sqlValue ?? .null),
            ])
    }

    /// Reads an `action` row joined with its subscriber's identifier as `subscriber` and its reply
    /// event's as `reply_to`.
    init(row: SQLRow, security: ActionSecurity, signing: ActionSigning?) throws(StoreError) {
        var http = HTTPRequestDefinition(
            method: try row["http_method"], url: try row["http_url"],
            data: try (row["http_data"] as String?).map { text throws(StoreError) in try JSONValue(storageText: text) },
            timeout: .milliseconds(try row["timeout_ms"] as Int64))
        for (name, value) in try JSONValue(storageText: try row["http_headers"]).stringMembers() {
            http.headers[name] = value
        }
        for (name, value) in try JSONValue(storageText: try row["http_params"]).stringMembers() {
            http.params[name] = value
        }
        self.init(
            identifier: try row["identifier"], name: try row["name"],
            operation: try EventhosStore.decode(Operation.self, try row["operation"]), subscriber: try row["subscriber"],
            description: try row["description"], http: http, security: security, signing: signing, replyTo: try row["reply_to"],
            maxInFlight: try row["max_in_flight"], rateLimit: try (row["rate_limit"] as String?).map { text throws(StoreError) in
                guard let limit = RateLimit(configText: text) else {
                    throw StoreError(.invalidRow, "action '\(try row["identifier"] as String)' has an invalid rate_limit")
                }
                return limit
            },
            responses: try RegistryColumn.section(row["responses"], of: "action") { json throws(ConfigurationError) in
                try ResponsePolicy(json: json)
            },
            circuitBreaker: try RegistryColumn.section(row["circuit_breaker"], of: "action") { json throws(ConfigurationError) in
                try CircuitBreakerPolicy(json: json)
            })
    }
}
