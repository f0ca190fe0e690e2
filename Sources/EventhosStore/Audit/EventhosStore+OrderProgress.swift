import Foundation

extension EventhosStore {
    /// Where `contracts` stand with the received event `receivedEventId`: one indexed lookup per
    /// contract (`contract.identifier`, then `contract_exc_detail(contract_id, received_event_id)`).
    ///
    /// A contract the registry table does not hold is left out.
    public func progress(of contracts: [String], receivedEventId: String) async throws(StoreError) -> [ContractProgress] {
        guard !contracts.isEmpty else { return [] }
        let sql = Self.progressQuery(contracts: contracts.count)
        return try await read { db in
            try db.rows(sql, [receivedEventId] + contracts).map { row throws(StoreError) in
                ContractProgress(
                    contract: try row["identifier"], createdAt: try Date(storageText: try row["created_at"]),
                    state: try (try row["state"] as String?).map { text throws(StoreError) in
                        try Self.decode(ExecutionState.self, text)
                    })
            }
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
                """
                INSERT INTO contract_exc_detail
                    (contract_id, received_event_id, state, attempts, created_at, updated_at, waiting_for)
                SELECT id, ?, 'PROCESSING', 0, ?, ?, ? FROM contract WHERE identifier = ?
                ON CONFLICT (contract_id, received_event_id) DO UPDATE SET
                    waiting_for = excluded.waiting_for, updated_at = excluded.updated_at
                """,
                [receivedEventId, date.storageText, date.storageText, waitingFor, contract])
        }
    }

    /// Clears `contract_exc_detail.waiting_for` once the delivery no longer waits.
    public func clearWaiting(contract: String, receivedEventId: String) async throws(StoreError) {
        try await write { db in
            try db.execute(
                """
                UPDATE contract_exc_detail SET waiting_for = NULL
                WHERE received_event_id = ? AND contract_id = (SELECT id FROM contract WHERE identifier = ?)
                """,
                [receivedEventId, contract])
        }
    }

    /// The query of ``progress(of:receivedEventId:)``: the received event, then `contracts` identifiers.
    static func progressQuery(contracts: Int) -> String {
        """
        SELECT contract.identifier, contract.created_at, contract_exc_detail.state
        FROM contract LEFT JOIN contract_exc_detail
            ON contract_exc_detail.contract_id = contract.id AND contract_exc_detail.received_event_id = ?
        WHERE contract.identifier IN (\(SQLDialect.placeholders(contracts)))
        """
    }
}
