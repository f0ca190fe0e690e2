import EventhosCore
import EventhosTemplates
import GRDB

extension ContractDefinition {
    /// The `contract` row of this definition.
    func registryRow(eventIds: [String: Int64], actionIds: [String: Int64]) throws(StoreError) -> RegistryRow {
        let kind = "contract '\(identifier)'"
        return RegistryRow(
            identifier: identifier,
            columns: [
                ("name", name.databaseValue),
                ("event_id", try eventIds.id(of: event, referencedBy: kind).databaseValue),
                ("action_id", try actionIds.id(of: action, referencedBy: kind).databaseValue),
                ("active", active.databaseValue), ("order_index", order.databaseValue),
                ("retry_max_attempts", retry?.maxAttempts.databaseValue ?? .null),
                ("retry_backoff_ms", retry.map { backoffText($0.backoff).databaseValue } ?? .null),
            ])
    }

    /// Reads a `contract` row joined with the identifiers of its event and action as `event` and `action`.
    init(row: Row) throws(StoreError) {
        var retry: RetryPolicy?
        if let maxAttempts: Int = row["retry_max_attempts"] {
            retry = RetryPolicy(maxAttempts: maxAttempts, backoff: try Self.backoff(row["retry_backoff_ms"]))
        }
        self.init(
            identifier: row["identifier"], name: row["name"], event: row["event"], action: row["action"],
            active: row["active"], order: row["order_index"], retry: retry)
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
