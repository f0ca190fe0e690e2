import EventhosCore
import Foundation
import GRDB
import Logging
import NIOPosix
import PostgresNIO
import Synchronization
import Testing

@testable import EventhosStore

/// The backends the store tests run against.
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    /// The server of `EVENTHOS_TEST_POSTGRES_URL` (`scripts/test` starts a private one).
    case postgres

    var testDescription: String { rawValue }
}

/// A store in a fresh place, removed when the test is done: a temporary directory for SQLite,
/// a new database on the test server for PostgreSQL.
struct TemporaryStore: Sendable {
    /// A logger that prints nothing.
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    let backend: StoreBackend
    let directory: URL
    /// The PostgreSQL database of the test.
    let databaseName: String
    private let opened = OpenedStores()

    var path: String { directory.appendingPathComponent("db/eventhos.sqlite").path }

    /// Runs `body` with a new directory or database, then removes it.
    static func with<T: Sendable>(
        _ backend: StoreBackend = .sqlite, _ body: (TemporaryStore) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventhos-store-\(UUID())")
        let name = "eventhos_test_\(UUID().uuidString.prefix(8).lowercased())"
        let temporary = TemporaryStore(backend: backend, directory: directory, databaseName: name)
        if backend == .postgres {
            try await TestPostgres.administer("CREATE DATABASE \(name)")
        }
        do {
            let value = try await body(temporary)
            await temporary.remove()
            return value
        } catch {
            await temporary.remove()
            throw error
        }
    }

    /// Opens the store (creating the database on the first call).
    func open(cipher: SecretCipher? = SecretCipher(keyMaterial: "test key material")) async throws -> EventhosStore {
        let store: EventhosStore =
            switch backend {
            case .sqlite: try EventhosStore(path: path, cipher: cipher, logger: Self.logger)
            case .postgres:
                EventhosStore(
                    database: try await PostgresDatabase.open(url: TestPostgres.url(database: databaseName), logger: Self.logger),
                    cipher: cipher, logger: Self.logger)
            }
        opened.stores.withLock { $0.append(store) }
        return store
    }

    /// What the store holds at rest: the bytes of the SQLite file and of its WAL, where fresh
    /// writes live; every row of every table of a PostgreSQL database, as text.
    func storedBytes() async throws -> Data {
        if backend == .postgres {
            let store = try await open()
            let tables: [String] = try await store.column(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
            var text = ""
            for table in tables {
                text += try await store.scalar("SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM \(table) t") ?? ""
            }
            return Data(text.utf8)
        }
        var bytes = Data()
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            bytes.append(try Data(contentsOf: URL(fileURLWithPath: path + suffix)))
        }
        return bytes
    }

    private func remove() async {
        for store in opened.stores.withLock({ $0 }) {
            await store.close()
        }
        switch backend {
        case .sqlite: try? FileManager.default.removeItem(at: directory)
        case .postgres: try? await TestPostgres.administer("DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)")
        }
    }
}

/// The test PostgreSQL server: `EVENTHOS_TEST_POSTGRES_URL` and `EVENTHOS_TEST_POSTGRES_PASSWORD`.
enum TestPostgres {
    static var baseURL: String {
        ProcessInfo.processInfo.environment["EVENTHOS_TEST_POSTGRES_URL"]
            ?? "postgres://eventhos@127.0.0.1:15432/eventhos?sslmode=disable"
    }

    static var password: String {
        ProcessInfo.processInfo.environment["EVENTHOS_TEST_POSTGRES_PASSWORD"] ?? "eventhos"
    }

    /// The test server's URL, on `database` when given.
    static func url(database: String? = nil) throws -> PostgresURL {
        var url = try PostgresURL(parsing: baseURL)
        url.password = Secret(password)
        if let database { url.database = database }
        return url
    }

    /// Runs one statement outside of a transaction (`CREATE DATABASE`) on the test server's own database.
    static func administer(_ statement: String) async throws {
        let url = try url()
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(),
            configuration: PostgresConnection.Configuration(
                host: url.host, port: url.port, username: url.user, password: password, database: url.database, tls: .disable),
            id: 0, logger: TemporaryStore.logger)
        defer { Task { try? await connection.close() } }
        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TemporaryStore.logger)
    }
}

/// The stores a test opened, closed when it ends.
private final class OpenedStores: Sendable {
    let stores = Mutex<[EventhosStore]>([])
}

extension EventhosStore {
    /// The first column of the first row of `sql`, as the backend under test reads it.
    func scalar<Value: SQLColumnDecodable & Sendable>(_ sql: String, _ arguments: [any SQLBindable] = []) async throws -> Value? {
        try await database.read { db in try db.value(sql, arguments) }
    }

    /// The first column of every row of `sql`.
    func column<Value: SQLColumnDecodable & Sendable>(_ sql: String, _ arguments: [any SQLBindable] = []) async throws -> [Value] {
        try await database.read { db in try db.values(sql, arguments) }
    }

    /// The GRDB pool of a SQLite store, for the tests of SQLite's own behaviour.
    var sqlitePool: DatabasePool {
        get throws {
            guard let sqlite = database as? SQLiteDatabase else { throw StoreError(.database, "not a SQLite store") }
            return sqlite.pool
        }
    }
}
