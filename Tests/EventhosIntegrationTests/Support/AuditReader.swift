import GRDB

/// Reads the audit store as an operator would, with SQL on the spec's tables.
struct AuditReader {
    let path: String

    func rows(_ sql: String, _ arguments: StatementArguments = []) throws -> [Row] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { try Row.fetchAll($0, sql: sql, arguments: arguments) }
    }

    /// `(state, attempts)` of the first execution for a received event (its only one when a single
    /// contract has its event).
    func execution(_ receivedEventId: String) throws -> (state: String, attempts: Int)? {
        try rows(
            "SELECT state, attempts FROM contract_exc_detail WHERE received_event_id = ?", [receivedEventId]
        ).first.map { ($0["state"], $0["attempts"]) }
    }

    /// `(state, attempts)` of the execution of the contract `identifier` for a received event.
    func execution(_ receivedEventId: String, contract identifier: String) throws -> (state: String, attempts: Int)? {
        try rows(
            """
            SELECT d.state, d.attempts FROM contract_exc_detail d JOIN contract c ON c.id = d.contract_id
            WHERE d.received_event_id = ? AND c.identifier = ?
            """, [receivedEventId, identifier]
        ).first.map { ($0["state"], $0["attempts"]) }
    }
}
