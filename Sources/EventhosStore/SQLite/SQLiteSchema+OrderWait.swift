import GRDB

extension SQLiteSchema {
    /// Order groups: `contract_exc_detail.waiting_for` says why a delivery waits for the lower-order
    /// contracts of its event (`NULL` when it does not). A delivery that waits before its first try
    /// has a row in state `PROCESSING` with `attempts = 0`.
    static func v4OrderWait(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE contract_exc_detail ADD COLUMN waiting_for TEXT")
    }
}
