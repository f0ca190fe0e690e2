import EventhosTemplates
import Foundation
import GRDB

extension EventhosStore {
    /// The received event with this receivedEventId, or `nil`.
    public func receivedEvent(id: String) throws(StoreError) -> ReceivedEventRecord? {
        try read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT received_event.*, system.identifier AS producer
                    FROM received_event LEFT JOIN system ON system.id = received_event.producer_id
                    WHERE received_event.id = ?
                    """,
                arguments: [id])
            return try row.map(Self.receivedEvent(from:))
        }
    }

    /// The executions of a received event, one per contract, with their tries.
    public func executions(receivedEventId: String) throws(StoreError) -> [ExecutionRow] {
        try read { db in
            let details = try Row.fetchAll(
                db,
                sql: """
                    SELECT contract_exc_detail.*, contract.identifier AS contract
                    FROM contract_exc_detail JOIN contract ON contract.id = contract_exc_detail.contract_id
                    WHERE received_event_id = ? ORDER BY contract_exc_detail.id
                    """,
                arguments: [receivedEventId])
            return try details.map { detail in
                let tries = try Row.fetchAll(
                    db, sql: "SELECT * FROM contract_exc_try WHERE contract_exc_detail_id = ? ORDER BY attempt",
                    arguments: [detail["id"] as Int64])
                return ExecutionRow(
                    contract: detail["contract"], receivedEventId: detail["received_event_id"],
                    state: try Self.decode(ExecutionState.self, detail["state"]), attempts: detail["attempts"],
                    createdAt: try Date(storageText: detail["created_at"]),
                    updatedAt: try Date(storageText: detail["updated_at"]),
                    tries: try tries.map(Self.executionTry(from:)), waitingFor: detail["waiting_for"])
            }
        }
    }

    private static func receivedEvent(from row: Row) throws -> ReceivedEventRecord {
        ReceivedEventRecord(
            id: row["id"], eventIdentifier: row["event_identifier"],
            source: try decode(ReceivedEventRecord.Source.self, row["source"]), producer: row["producer"],
            headers: try JSONValue(storageText: row["header"]), query: try JSONValue(storageText: row["query"]),
            body: row["body"], receivedAt: try Date(storageText: row["received_at"]),
            state: try decode(ReceivedEventRecord.State.self, row["state"]), rejectReason: row["reject_reason"],
            parent: row["parent_received_event_id"])
    }

    private static func executionTry(from row: Row) throws -> ExecutionRow.Try {
        let response: RecordedResponse? =
            if let status: Int = row["response_status"] {
                RecordedResponse(
                    status: status, headers: try HeaderFields.fields(from: row["response_headers"]),
                    body: row["response_body"], truncated: row["response_truncated"])
            } else {
                nil
            }
        let warnings: [String] =
            if let text: String = row["warnings"], case .array(let values) = try JSONValue(storageText: text) {
                values.compactMap { if case .string(let warning) = $0 { warning } else { nil } }
            } else {
                []
            }
        return ExecutionRow.Try(
            attempt: row["attempt"], outcome: try decode(TryOutcome.self, row["state"]),
            request: RecordedRequest(
                method: row["request_method"], url: row["request_url"],
                headers: try HeaderFields.fields(from: row["request_headers"]),
                body: row["request_body"]),
            response: response, error: row["error"], warnings: warnings,
            executedAt: try Date(storageText: row["executed_at"]),
            finishedAt: try Date(storageText: row["finished_at"]),
            durationMilliseconds: row["duration_ms"])
    }

    /// Reads a column holding the raw value of `type`.
    static func decode<T: RawRepresentable<String>>(_ type: T.Type, _ text: String) throws(StoreError) -> T {
        guard let value = T(rawValue: text) else {
            throw StoreError(.invalidRow, "unknown \(T.self) '\(text)'")
        }
        return value
    }
}
