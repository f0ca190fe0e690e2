import EventhosCore
import EventhosTemplates
import GRDB

extension ActionDefinition {
    /// The `action` row of this definition; its security and signing go to `action_security`.
    func registryRow(systemIds: [String: Int64], eventIds: [String: Int64]) throws(StoreError) -> RegistryRow {
        RegistryRow(
            identifier: identifier,
            columns: [
                ("name", name.databaseValue), ("operation", operation.rawValue.databaseValue),
                (
                    "subscriber_id",
                    try systemIds.id(of: subscriber, referencedBy: "action '\(identifier)'").databaseValue
                ),
                ("description", description.databaseValue),
                ("http_method", http.method.databaseValue), ("http_url", http.url.databaseValue),
                ("http_headers", JSONValue(stringMembers: http.headers).storageText.databaseValue),
                ("http_params", JSONValue(stringMembers: http.params).storageText.databaseValue),
                ("http_data", http.data?.storageText.databaseValue ?? .null),
                ("timeout_ms", http.timeout.milliseconds.databaseValue),
                (
                    "reply_to_event_id",
                    try replyTo.map { event throws(StoreError) in
                        try eventIds.id(of: event, referencedBy: "action '\(identifier)'")
                    }.databaseValue
                ),
                ("max_in_flight", maxInFlight.databaseValue),
                ("rate_limit", rateLimit?.configText.databaseValue ?? .null),
            ])
    }

    /// Reads an `action` row joined with its subscriber's identifier as `subscriber` and its reply
    /// event's as `reply_to`.
    init(row: Row, security: ActionSecurity, signing: ActionSigning?) throws(StoreError) {
        var http = HTTPRequestDefinition(
            method: row["http_method"], url: row["http_url"],
            data: try (row["http_data"] as String?).map { text throws(StoreError) in try JSONValue(storageText: text) },
            timeout: .milliseconds(row["timeout_ms"] as Int64))
        for (name, value) in try JSONValue(storageText: row["http_headers"]).stringMembers() {
            http.headers[name] = value
        }
        for (name, value) in try JSONValue(storageText: row["http_params"]).stringMembers() {
            http.params[name] = value
        }
        self.init(
            identifier: row["identifier"], name: row["name"],
            operation: try EventhosStore.decode(Operation.self, row["operation"]), subscriber: row["subscriber"],
            description: row["description"], http: http, security: security, signing: signing, replyTo: row["reply_to"],
            maxInFlight: row["max_in_flight"], rateLimit: try (row["rate_limit"] as String?).map { text throws(StoreError) in
                guard let limit = RateLimit(configText: text) else {
                    throw StoreError(.invalidRow, "action '\(row["identifier"] as String)' has an invalid rate_limit")
                }
                return limit
            })
    }
}
