import EventhosJSON
import EventhosTemplates
import Foundation

extension EventhosStore {
    /// The received event with this receivedEventId, or `nil`.
    public func receivedEvent(id: String) async throws(StoreError) -> ReceivedEventRecord? {
        try await read { db in
            let row = try db.row(
                """
                    SELECT received_event.*, system.identifier AS producer
                    FROM received_event LEFT JOIN system ON system.id = received_event.producer_id
                    WHERE received_event.id = ?
                    """,
                [id])
            return try row.map(Self.receivedEvent(from:))
        }
    }

    /// The executions of a received event, one per contract, with their tries.
    public func executions(receivedEventId: String) async throws(StoreError) -> [ExecutionRow] {
        try await read { db in
            let details = try db.rows(
                """
                    SELECT contract_exc_detail.*, contract.identifier AS contract
                    FROM contract_exc_detail JOIN contract ON contract.id = contract_exc_detail.contract_id
                    WHERE received_event_id = ? ORDER BY contract_exc_detail.id
                    """,
                [receivedEventId])
            return try details.map { detail in
                let tries = try db.rows(
                    "SELECT * FROM contract_exc_try WHERE contract_exc_detail_id = ? ORDER BY attempt", [try detail["id"] as Int64])
                return ExecutionRow(
                    contract: try detail["contract"], receivedEventId: try detail["received_event_id"],
                    state: try Self.decode(ExecutionState.self, try detail["state"]), attempts: try detail["attempts"],
                    createdAt: try Date(storageText: try detail["created_at"]),
                    updatedAt: try Date(storageText: try detail["updated_at"]),
                    tries: try tries.map(Self.executionTry(from:)), waitingFor: try detail["waiting_for"],
                    reason: try detail["reason"])
            }
        }
    }

    private static func receivedEvent(from row: SQLRow) throws -> ReceivedEventRecord {
        ReceivedEventRecord(
            id: try row["id"], eventIdentifier: try row["event_identifier"],
            source: try decode(ReceivedEventRecord.Source.self, try row["source"]), producer: try row["producer"],
            headers: try JSONValue(storageText: try row["header"]), query: try JSONValue(storageText: try row["query"]),
            body: try row["body"], receivedAt: try Date(storageText: try row["received_at"]),
            state: try decode(ReceivedEventRecord.State.self, try row["state"]), rejectReason: try row["reject_reason"],
            parent: try row["parent_received_event_id"])
    }

    private static func executionTry(from row: SQLRow) throws -> ExecutionRow.Try {
        let response: RecordedResponse? =
            if let status: Int = try row["response_status"] {
                RecordedResponse(
                    status: status, headers: try HeaderFields.fields(from: try row["response_headers"]),
                    body: try row["response_body"], truncated: try row["response_truncated"])
            } else {
                nil
            }
        let warnings: [String] =
            if let text: String = try row["warnings"], case .array(let values) = try JSONValue(storageText: text) {
                values.compactMap { if case .string(let warning) = $0 { warning } else { nil } }
            } else {
                []
            }
        return ExecutionRow.Try(
            attempt: try row["attempt"], outcome: try decode(TryOutcome.self, try row["state"]),
            request: RecordedRequest(
                method: try row["request_method"], url: try row["request_url"],
                headers: try HeaderFields.fields(from: try row["request_headers"]),
                body: try row["request_body"]),
            response: response, error: try row["error"], warnings: warnings,
            executedAt: try Date(storageText: try row["executed_at"]),
            finishedAt: try Date(storageText: try row["finished_at"]),
            durationMilliseconds: try row["duration_ms"])
    }

    /// Reads a column holding the raw value of `type`.
    static func decode<T: RawRepresentable<String>>(_ type: T.Type, _ text: String) throws(StoreError) -> T {
        guard let value = T(rawValue: text) else {
            throw StoreError(.invalidRow, "unknown \(T.self) '\(text)'")
        }
        return value
    }
}
