import EventhosCore
import EventhosJSON
import EventhosTemplates
import Foundation

extension ContractDefinition {
    /// The `contract` row of this definition.
    func registryRow(eventIds: [String: Int64], actionIds: [String: Int64]) throws(StoreError) -> RegistryRow {
        let kind = "contract '\(identifier)'"
        return RegistryRow(
            identifier: identifier,
            columns: [
                ("name", name.sqlValue),
                ("event_id", try eventIds.id(of: event, referencedBy: kind).sqlValue),
                ("action_id", try actionIds.id(of: action, referencedBy: kind).sqlValue),
                ("active", active.sqlValue), ("order_index", order.sqlValue),
                ("retry_max_attempts", retry?.maxAttempts.sqlValue ?? .null),
                ("retry_backoff_ms", retry.map { backoffText($0.backoff).sqlValue } ?? .null),
                ("filter", filter?.json.storageText.sqlValue ?? .null),
                ("max_age_ms", maxAge?.milliseconds.sqlValue ?? .null),
                ("responses", responses?.json.storageText.sqlValue ?? .null),
                ("ordering", ordering?.json.storageText.sqlValue ?? .null),
            ])
    }

    /// Reads a `contract` row joined with the identifiers of its event and action as `event` and `action`.
    init(row: SQLRow) throws(StoreError) {
        var retry: RetryPolicy?
        if let maxAttempts: Int = try row["retry_max_attempts"] {
            retry = RetryPolicy(maxAttempts: maxAttempts, backoff: try Self.backoff(try row["retry_backoff_ms"]))
        }
        var pause: ContractPause?
        if let since: String = try row["paused_at"] {
            let reason: String? = try row["paused_reason"]
            pause = ContractPause(
                reason: reason.flatMap(ContractPause.Reason.init(rawValue:)) ?? .operator, since: try Date(storageText: since))
        }
        self.init(
            identifier: try row["identifier"], name: try row["name"], event: try row["event"], action: try row["action"],
            active: try row["active"], order: try row["order_index"], retry: retry,
            filter: try RegistryColumn.section(row["filter"], of: "contract") { json throws(EventFilterError) in
                try EventFilter(json: json)
            },
            maxAge: try (row["max_age_ms"] as Int64?).map { .milliseconds($0) },
            responses: try RegistryColumn.section(row["responses"], of: "contract") { json throws(ConfigurationError) in
                try ResponsePolicy(json: json)
            },
            ordering: try RegistryColumn.section(row["ordering"], of: "contract") { json throws(ConfigurationError) in
                try OrderingPolicy(json: json)
            },
            pause: pause)
    }

    private func backoffText(_ backoff: [Duration]) -> String {
        JSONValue.array(backoff.map { .int($0.milliseconds) }).storageText
    }

    private static func backoff(_ text: String?) throws(StoreError) -> [Duration] {
        guard let text else { return [] }
        guard case .array(let delays) = try JSONValue(storageText: text) else {
            throw StoreError(.invalidRow, "retry_backoff_ms is not a JSON array")
        }
        return try delays.map { delay throws(StoreError) in
            guard case .int(let milliseconds) = delay else {
                throw StoreError(.invalidRow, "retry_backoff_ms holds a non-integer")
            }
            return .milliseconds(milliseconds)
        }
    }
}
