import EventhosCore
import Logging

extension EventhosStore {
    /// Opens the store a configuration names (`store.url`: PostgreSQL, else `store.path`: SQLite),
    /// with the cipher of its secret key when it has one.
    public static func open(configuration: EventhosConfiguration, logger: Logger) async throws(StoreError) -> EventhosStore {
        let database: any SQLDatabase =
            if let postgres = configuration.store.postgres {
                try await PostgresDatabase.open(url: postgres, logger: logger)
            } else {
                try await SQLiteDatabase.open(path: configuration.store.path)
            }
        return EventhosStore(
            database: database, cipher: configuration.security.secretKey.map { SecretCipher(keyMaterial: $0.value) },
            logger: logger)
    }
}
