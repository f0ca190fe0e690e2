import Foundation

extension EventhosStore {
    /// `partition_skip`: an operator's request to let go of the delivery that blocks a partition of
    /// an ordered contract with `onDead: block`; the instance that holds it takes the request.
    static let partitionSkipTable = """
        CREATE TABLE partition_skip (
            contract TEXT NOT NULL,
            partition_index INTEGER NOT NULL,
            requested_at TEXT NOT NULL,
            PRIMARY KEY (contract, partition_index)
        )
        """

    /// Asks the instance that holds the blocked delivery of the partition to dead-letter it.
    public func requestSkip(contract: String, partition: Int) async throws(StoreError) {
        try await write { db in
            _ = try db.execute(
                """
                INSERT INTO partition_skip (contract, partition_index, requested_at) VALUES (?, ?, ?)
                ON CONFLICT (contract, partition_index) DO UPDATE SET requested_at = excluded.requested_at
                """,
                [contract, partition, Date().storageText])
        }
    }

    /// Takes the skip requested for the partition, if any: `true` once, then the request is gone.
    public func takeSkip(contract: String, partition: Int) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute("DELETE FROM partition_skip WHERE contract = ? AND partition_index = ?", [contract, partition]) > 0
        }
    }
}
