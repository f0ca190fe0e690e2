import EventhosTemplates
import Foundation
import GRDB
import Logging

extension EventhosStore {
    /// Writes a batch of audit records in one transaction.
    ///
    /// Idempotent, so a redelivered audit message is harmless: a received event is inserted once
    /// per id; a try is inserted once per (contract, received event, attempt), and its
    /// `contract_exc_detail` keeps the highest attempt and that attempt's state. A try of an
    /// unknown contract is logged and skipped, since writing it again would never succeed.
    public func write(_ records: [AuditRecord]) throws(StoreError) {
        let logger = logger
        try write { db in try Self.insert(records, into: db, logger: logger) }
    }

    /// Writes a batch of audit records in one transaction, without blocking the caller's thread.
    ///
    /// Same as the blocking `write(_:)`; the transaction is never cancelled once submitted.
    public func write(_ records: [AuditRecord]) async throws(StoreError) {
        let logger = logger
        try await write { db in try Self.insert(records, into: db, logger: logger) }
    }

    /// Deletes the received events and the executions (with their tries) last updated before `date`.
    ///
    /// - Returns: The number of rows deleted in the three audit tables.
    public func deleteAudit(olderThan date: Date) throws(StoreError) -> Int {
        let cutoff = date.storageText
        return try write { db in
            var deleted = 0
            for sql in [
                """
                DELETE FROM contract_exc_try WHERE contract_exc_detail_id IN
                    (SELECT id FROM contract_exc_detail WHERE updated_at < ?)
                """,
                "DELETE FROM contract_exc_detail WHERE updated_at < ?",
                "DELETE FROM received_event WHERE received_at < ?",
            ] {
                try db.execute(sql: sql, arguments: [cutoff])
                deleted += db.changesCount
            }
            return deleted
        }
    }

    private static func insert(_ records: [AuditRecord], into db: Database, logger: Logger) throws {
        for record in records {
            switch record {
            case .received(let event):
                try insert(event, into: db)
            case .tried(let attempt):
                try insert(attempt, into: db, logger: logger)
            }
        }
    }

    private static func insert(_ event: ReceivedEventRecord, into db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO received_event
                    (id, event_id, event_identifier, source, producer_id,
                     header, body, query, received_at, state, reject_reason, parent_received_event_id)
                VALUES
                    (:id, (SELECT id FROM event WHERE identifier = :event), :event, :source,
                     (SELECT id FROM system WHERE identifier = :producer),
                     :header, :body, :query, :receivedAt, :state, :rejectReason, :parent)
                ON CONFLICT (id) DO NOTHING
                """)
        try statement.execute(arguments: [
            "id": event.id, "event": event.eventIdentifier, "source": event.source.rawValue, "producer": event.producer,
            "header": event.headers.storageText, "body": event.body, "query": event.query.storageText,
            "receivedAt": event.receivedAt.storageText, "state": event.state.rawValue,
            "rejectReason": event.rejectReason, "parent": event.parent,
        ])
    }

    private static func insert(_ attempt: DeliveryTryRecord, into db: Database, logger: Logger) throws {
        let contract = try db.cachedStatement(sql: "SELECT id FROM contract WHERE identifier = ?")
        guard let contractId = try Int64.fetchOne(contract, arguments: [attempt.contract]) else {
            logger.error(
                "audit: try of an unknown contract skipped",
                metadata: ["contract": "\(attempt.contract)", "receivedEventId": "\(attempt.receivedEventId)"])
            return
        }
        let detail = try db.cachedStatement(
            sql: """
                INSERT INTO contract_exc_detail
                    (contract_id, received_event_id, state, attempts, created_at, updated_at)
                VALUES (:contract, :receivedEvent, :state, :attempt, :now, :now)
                ON CONFLICT (contract_id, received_event_id) DO UPDATE SET
                    state = CASE WHEN excluded.attempts >= attempts THEN excluded.state ELSE state END,
                    attempts = max(attempts, excluded.attempts),
                    updated_at = excluded.updated_at
                RETURNING id
                """)
        let detailId = try Int64.fetchOne(
            detail,
            arguments: [
                "contract": contractId, "receivedEvent": attempt.receivedEventId, "state": attempt.detailState.rawValue,
                "attempt": attempt.attempt, "now": attempt.finishedAt.storageText,
            ])
        let insertTry = try db.cachedStatement(
            sql: """
                INSERT INTO contract_exc_try
                    (contract_exc_detail_id, attempt, state, request_method, request_url, request_headers, request_body,
                     response_status, response_headers, response_body, response_truncated, error, warnings,
                     executed_at, finished_at, duration_ms)
                VALUES
                    (:detail, :attempt, :state, :method, :url, :requestHeaders, :requestBody,
                     :status, :responseHeaders, :responseBody, :truncated, :error, :warnings,
                     :executedAt, :finishedAt, :duration)
                ON CONFLICT (contract_exc_detail_id, attempt) DO NOTHING
                """)
        let response = attempt.response
        try insertTry.execute(arguments: [
            "detail": detailId, "attempt": attempt.attempt, "state": attempt.outcome.rawValue,
            "method": attempt.request.method, "url": attempt.request.url,
            "requestHeaders": HeaderFields.json(attempt.request.headers).storageText,
            "requestBody": attempt.request.body,
            "status": response?.status, "responseHeaders": response.map { HeaderFields.json($0.headers).storageText },
            "responseBody": response?.body, "truncated": response?.truncated ?? false, "error": attempt.error,
            "warnings": attempt.warnings.isEmpty
                ? nil : JSONValue.array(attempt.warnings.map(JSONValue.string)).storageText,
            "executedAt": attempt.executedAt.storageText, "finishedAt": attempt.finishedAt.storageText,
            "duration": Int64((attempt.finishedAt.timeIntervalSince(attempt.executedAt) * 1000).rounded()),
        ])
    }
}
