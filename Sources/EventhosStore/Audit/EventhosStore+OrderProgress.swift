import Foundation
import GRDB

extension EventhosStore {
    /// Where `contracts` stand with the received event `receivedEventId`: one indexed lookup per
    /// contract (`contract.identifier`, then `contract_exc_detail(contract_id, received_event_id)`).
    ///
    /// A contract the registry table does not hold is left out.
    public func progress(of contracts: [String], receivedEventId: String) async throws(StoreError) -> [ContractProgress] {
        guard !contracts.isEmpty else { return [] }
        let sql = Self.progressQuery(contracts: contracts.count)
        let arguments = StatementArguments([receivedEventId] + contracts)
        do {
            return try await pool.read { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    ContractProgress(
                        contract: row["identifier"], createdAt: try Date(storageText: row["created_at"]),
                        state: try (row["state"] as String?).map { text throws(StoreError) in
                            try Self.decode(ExecutionState.self, text)
                        })
                }
            }
        } catch {
            throw StoreError(wrapping: error)
        }
    }

    /// Records in `contract_exc_detail.waiting_for` why the delivery of `receivedEventId` by
    /// `contract` waits; before its first try, the execution is created in state `PROCESSING` with
    /// no attempt. Nothing else of an existing execution changes. An unknown contract is ignored.
    public func recordWaiting(
        contract: String, receivedEventId: String, waitingFor: String, at date: Date = Date()
    ) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO contract_exc_detail
                        (contract_id, received_event_id, state, attempts, created_at, updated_at, waiting_for)
                    SELECT id, :receivedEvent, 'PROCESSING', 0, :now, :now, :waitingFor FROM contract WHERE identifier = :contract
                    ON CONFLICT (contract_id, received_event_id) DO UPDATE SET
                        waiting_for = excluded.waiting_for, updated_at = excluded.updated_at
                    """,
                arguments: [
                    "contract": contract, "receivedEvent": receivedEventId, "now": date.storageText, "waitingFor": waitingFor,
                ])
        }
    }

    /// Clears `contract_exc_detail.waiting_for` once the delivery no longer waits.
    public func clearWaiting(contract: String, receivedEventId: String) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE contract_exc_detail SET waiting_for = NULL
                    WHERE received_event_id = ? AND contract_id = (SELECT id FROM contract WHERE identifier = ?)
                    """,
                arguments: [receivedEventId, contract])
        }
    }

    /// The query of ``progress(of:receivedEventId:)``: the received event, then `contracts` identifiers.
    static func progressQuery(contracts: Int) -> String {
        """
        SELECT contract.identifier, contract.created_at, contract_exc_detail.state
        FROM contract LEFT JOIN contract_exc_detail
            ON contract_exc_detail.contract_id = contract.id AND contract_exc_detail.received_event_id = ?
        WHERE contract.identifier IN (\(databaseQuestionMarks(count: contracts)))
        """
    }
}
