import EventhosJSON
import EventhosTemplates
import Foundation
import Logging

extension EventhosStore {
    /// Writes a batch of audit records in one transaction, in at most six statements per 500
    /// records: the ids of the events, producers and contracts named, the received events, the
    /// executions, the tries.
    ///
    /// Idempotent, so a redelivered audit message is harmless: a received event is inserted once
    /// per id; a try is inserted once per (contract, received event, start), and its
    /// `contract_exc_detail` keeps the highest attempt and that attempt's state. A try whose attempt
    /// number another try of its execution already holds, started at another time (a replay begun
    /// while a try was in flight, a delivery made again after its try committed but its
    /// acknowledgement was lost), is written as the execution's next attempt: every HTTP call keeps
    /// its row. A try of an unknown contract is logged and skipped, since writing it again would
    /// never succeed.
    /// The transaction is never cancelled once submitted.
    public func write(_ records: [AuditRecord]) async throws(StoreError) {
        let logger = logger
        try await write { db in
            var received = [ReceivedEventRecord]()
            var tries = [DeliveryTryRecord]()
            var settlements = [DeliverySettlement]()
            for record in records {
                switch record {
                case .received(let event): received.append(event)
                case .tried(let attempt): tries.append(attempt)
                case .settled(let settlement): settlements.append(settlement)
                }
            }
            // Rows in key order, so that the batches of several instances, committing side by side,
            // lock them in the same order and never deadlock.
            received.sort { $0.id < $1.id }
            for chunk in received.chunks(of: Self.rowsPerStatement) {
                try Self.insert(chunk, into: db)
            }
            for chunk in tries.chunks(of: Self.rowsPerStatement) {
                try Self.insert(chunk, into: db, logger: logger)
            }
            for chunk in settlements.chunks(of: Self.rowsPerStatement) {
                try Self.insert(chunk, into: db, logger: logger)
            }
        }
    }

    /// Deletes the received events and the executions (with their tries) last updated before `date`.
    ///
    /// - Returns: The number of rows deleted in the three audit tables.
    public func deleteAudit(olderThan date: Date) async throws(StoreError) -> Int {
        let cutoff = date.storageText
        return try await write { db in
            try [
                """
                DELETE FROM contract_exc_try WHERE contract_exc_detail_id IN
                    (SELECT id FROM contract_exc_detail WHERE updated_at < ?)
                """,
                "DELETE FROM contract_exc_detail WHERE updated_at < ?",
                "DELETE FROM received_event WHERE received_at < ?",
            ].reduce(0) { deleted, sql in deleted + (try db.execute(sql, [cutoff])) }
        }
    }

    /// Rows per multi-row statement: 16 columns × 500 stays far below both backends' parameter limits.
    private static let rowsPerStatement = 500

    private static func insert(_ events: ArraySlice<ReceivedEventRecord>, into db: any SQLTransaction) throws {
        // The ids of the events and producers are read once per batch: a subquery per row makes
        // PostgreSQL plan hundreds of subplans for each batch.
        let eventIds = try ids(in: "event", of: Set(events.map(\.eventIdentifier)), db)
        let producerIds = try ids(in: "system", of: Set(events.compactMap(\.producer)), db)
        try db.execute(
            """
            INSERT INTO received_event
                (id, event_id, event_identifier, source, producer_id,
                 header, body, query, received_at, state, reject_reason, parent_received_event_id)
            VALUES \(Array(repeating: "(\(SQLDialect.placeholders(12)))", count: events.count).joined(separator: ", "))
            ON CONFLICT (id) DO NOTHING
            """,
            events.flatMap { event -> [any SQLBindable] in
                [
                    event.id, eventIds[event.eventIdentifier], event.eventIdentifier, event.source.rawValue,
                    event.producer.flatMap { producerIds[$0] }, event.headers.storageText, event.body,
                    event.query.storageText, event.receivedAt.storageText, event.state.rawValue, event.rejectReason,
                    event.parent,
                ]
            })
    }

    /// The ids of the rows of a registry table with these identifiers (deleted ones too), in one query.
    private static func ids(in table: String, of identifiers: Set<String>, _ db: any SQLTransaction) throws -> [String: Int64] {
        guard !identifiers.isEmpty else { return [:] }
        var ids = [String: Int64]()
        for row in try db.rows(
            "SELECT identifier, id FROM \(table) WHERE identifier IN (\(SQLDialect.placeholders(identifiers.count)))",
            Array(identifiers))
        {
            ids[try row["identifier"]] = try row["id"]
        }
        return ids
    }

    private static func insert(_ tries: ArraySlice<DeliveryTryRecord>, into db: any SQLTransaction, logger: Logger) throws {
        let contractIds = try ids(in: "contract", of: Set(tries.map(\.contract)), db)
        let known = tries.filter { attempt in
            isKnown(attempt.contract, receivedEventId: attempt.receivedEventId, in: contractIds, logger: logger)
        }
        guard !known.isEmpty else { return }
        let detailIds = try upsert(
            ExecutionUpdate.merging(known.map { ExecutionUpdate.Fact(try: $0, contractId: contractIds[$0.contract]!) }), into: db)
        let rows = known.map { attempt in
            TryRow(
                record: attempt,
                detailId: detailIds[ExecutionUpdate.Key(contractId: contractIds[attempt.contract]!, receivedEventId: attempt.receivedEventId)]!)
        }
        guard try insert(rows, into: db) < rows.count else { return }
        // Some row found its (execution, attempt) taken: recorded again, or another try of that number.
        for row in rows {
            try insertUnlessRecorded(row, contractId: contractIds[row.record.contract]!, into: db)
        }
    }

    /// A try with the `contract_exc_detail` row of its execution.
    private struct TryRow {
        var record: DeliveryTryRecord
        let detailId: Int64
    }

    /// Inserts the tries whose (execution, attempt) is free.
    /// - Returns: How many were inserted.
    private static func insert(_ rows: [TryRow], into db: any SQLTransaction) throws -> Int {
        try db.execute(
            """
            INSERT INTO contract_exc_try
                (contract_exc_detail_id, attempt, state, request_method, request_url, request_headers, request_body,
                 response_status, response_headers, response_body, response_truncated, error, warnings,
                 executed_at, finished_at, duration_ms)
            VALUES \(Array(repeating: "(\(SQLDialect.placeholders(16)))", count: rows.count).joined(separator: ", "))
            ON CONFLICT (contract_exc_detail_id, attempt) DO NOTHING
            """,
            rows.flatMap { tryColumns(of: $0.record, detailId: $0.detailId) })
    }

    /// Writes a try unless its execution holds a try that started at the same instant (this very
    /// try, inserted by this batch or recorded before, perhaps under a later number); a try whose
    /// attempt number another try holds is inserted as the execution's next attempt, which its
    /// `contract_exc_detail` then counts.
    private static func insertUnlessRecorded(_ row: TryRow, contractId: Int64, into db: any SQLTransaction) throws {
        var row = row
        let executedAt = row.record.executedAt.storageText
        // On SQLite, the one writer, the first number is free; on PostgreSQL another instance's
        // transaction may take it meanwhile, and the next one is tried.
        repeat {
            let recorded: Int? = try db.value(
                "SELECT 1 FROM contract_exc_try WHERE contract_exc_detail_id = ? AND executed_at = ?", [row.detailId, executedAt])
            if recorded != nil { return }
            let last: Int? = try db.value(
                "SELECT coalesce(max(attempt), 0) FROM contract_exc_try WHERE contract_exc_detail_id = ?", [row.detailId])
            row.record.attempt = (last ?? 0) + 1
        } while try insert([row], into: db) == 0
        _ = try upsert(ExecutionUpdate.merging([ExecutionUpdate.Fact(try: row.record, contractId: contractId)]), into: db)
    }

    private static func insert(_ settlements: ArraySlice<DeliverySettlement>, into db: any SQLTransaction, logger: Logger) throws {
        let contractIds = try ids(in: "contract", of: Set(settlements.map(\.contract)), db)
        let facts = settlements.compactMap { settlement in
            isKnown(settlement.contract, receivedEventId: settlement.receivedEventId, in: contractIds, logger: logger)
                ? ExecutionUpdate.Fact(settlement: settlement, contractId: contractIds[settlement.contract]!) : nil
        }
        guard !facts.isEmpty else { return }
        _ = try upsert(ExecutionUpdate.merging(facts), into: db)
    }

    /// Whether the store knows the contract; a record of an unknown one is logged and skipped.
    private static func isKnown(
        _ contract: String, receivedEventId: String, in contractIds: [String: Int64], logger: Logger
    ) -> Bool {
        guard contractIds[contract] == nil else { return true }
        logger.error(
            "audit: record of an unknown contract skipped", metadata: ["contract": "\(contract)", "receivedEventId": "\(receivedEventId)"])
        return false
    }

    /// Upserts the `contract_exc_detail` rows, keeping the highest attempt and its state and reason.
    /// - Returns: Their ids.
    private static func upsert(
        _ executions: [ExecutionUpdate], into db: any SQLTransaction
    ) throws -> [ExecutionUpdate.Key: Int64] {
        var detailIds = [ExecutionUpdate.Key: Int64]()
        for row in try db.rows(
            """
            INSERT INTO contract_exc_detail (contract_id, received_event_id, state, attempts, created_at, updated_at, reason)
            VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: executions.count).joined(separator: ", "))
            ON CONFLICT (contract_id, received_event_id) DO UPDATE SET
                state = CASE WHEN excluded.attempts >= contract_exc_detail.attempts
                    THEN excluded.state ELSE contract_exc_detail.state END,
                reason = CASE WHEN excluded.attempts >= contract_exc_detail.attempts
                    THEN excluded.reason ELSE contract_exc_detail.reason END,
                attempts = CASE WHEN excluded.attempts > contract_exc_detail.attempts
                    THEN excluded.attempts ELSE contract_exc_detail.attempts END,
                updated_at = excluded.updated_at
            RETURNING id, contract_id, received_event_id
            """,
            executions.flatMap(\.arguments))
        {
            detailIds[ExecutionUpdate.Key(contractId: try row["contract_id"], receivedEventId: try row["received_event_id"])] =
                try row["id"]
        }
        return detailIds
    }

    private static func tryColumns(of attempt: DeliveryTryRecord, detailId: Int64?) -> [any SQLBindable] {
        let response = attempt.response
        return [
            detailId, attempt.attempt, attempt.outcome.rawValue, attempt.request.method, attempt.request.url,
            HeaderFields.json(attempt.request.headers).storageText, attempt.request.body,
            response?.status, response.map { HeaderFields.json($0.headers).storageText }, response?.body,
            response?.truncated ?? false, attempt.error,
            attempt.warnings.isEmpty ? nil as String? : JSONValue.array(attempt.warnings.map(JSONValue.string)).storageText,
            attempt.executedAt.storageText, attempt.finishedAt.storageText,
            Int64((attempt.finishedAt.timeIntervalSince(attempt.executedAt) * 1000).rounded()),
        ]
    }
}

/// The `contract_exc_detail` row that the tries or settlements of one batch leave for one
/// (contract, received event): one upsert per row, since one statement may not update a row twice.
struct ExecutionUpdate {
    struct Key: Hashable {
        var contractId: Int64
        var receivedEventId: String
    }

    /// What one record says of its execution.
    struct Fact {
        var key: Key
        var state: ExecutionState
        var attempts: Int
        var reason: String?
        var at: String

        init(try attempt: DeliveryTryRecord, contractId: Int64) {
            key = Key(contractId: contractId, receivedEventId: attempt.receivedEventId)
            state = attempt.detailState
            attempts = attempt.attempt
            at = attempt.finishedAt.storageText
        }

        init(settlement: DeliverySettlement, contractId: Int64) {
            key = Key(contractId: contractId, receivedEventId: settlement.receivedEventId)
            state = settlement.state
            attempts = settlement.attempts
            reason = settlement.reason.rawValue
            at = settlement.at.storageText
        }
    }

    let key: Key
    /// The state of the highest attempt; the later record wins a tie.
    var state: ExecutionState
    var attempts: Int
    /// Why the highest attempt ended without a try, if it did.
    var reason: String?
    /// The finish of the batch's first record of this execution.
    let createdAt: String
    /// The finish of its last record, in batch order.
    var updatedAt: String

    var arguments: [any SQLBindable] {
        [key.contractId, key.receivedEventId, state.rawValue, attempts, createdAt, updatedAt, reason]
    }

    /// One update per execution, in key order.
    static func merging(_ facts: [Fact]) -> [ExecutionUpdate] {
        var updates = [ExecutionUpdate]()
        var positions = [Key: Int]()
        for fact in facts {
            guard let position = positions[fact.key] else {
                positions[fact.key] = updates.count
                updates.append(
                    ExecutionUpdate(
                        key: fact.key, state: fact.state, attempts: fact.attempts, reason: fact.reason, createdAt: fact.at,
                        updatedAt: fact.at))
                continue
            }
            if fact.attempts >= updates[position].attempts {
                updates[position].state = fact.state
                updates[position].attempts = fact.attempts
                updates[position].reason = fact.reason
            }
            updates[position].updatedAt = fact.at
        }
        return updates.sorted { ($0.key.contractId, $0.key.receivedEventId) < ($1.key.contractId, $1.key.receivedEventId) }
    }
}

extension Array {
    /// The array cut into slices of at most `size` elements, in order.
    fileprivate func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
