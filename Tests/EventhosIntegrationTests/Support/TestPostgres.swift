import Foundation
import Testing

/// The test PostgreSQL server (`scripts/test` starts a private one): `EVENTHOS_TEST_POSTGRES_URL`
/// and `EVENTHOS_TEST_POSTGRES_PASSWORD`.
enum TestPostgres {
    static var url: String {
        ProcessInfo.processInfo.environment["EVENTHOS_TEST_POSTGRES_URL"]
            ?? "postgres://eventhos@127.0.0.1:15432/eventhos?sslmode=disable"
    }

    static var password: String {
        ProcessInfo.processInfo.environment["EVENTHOS_TEST_POSTGRES_PASSWORD"] ?? "eventhos"
    }

    /// Runs `body` with the `store` section (a YAML flow mapping) of a new database on the test
    /// server, dropped afterwards, so that a test's instances share a store no other test writes.
    static func withDatabase<Result: Sendable>(_ body: (String) async throws -> Result) async throws -> Result {
        let name = "eventhos_test_" + UUID().uuidString.prefix(8).lowercased()
        try await administer("CREATE DATABASE \(name)")
        var components = try #require(URLComponents(string: url))
        components.path = "/" + name
        let section = "{ url: \"\(try #require(components.string))\", passwordEnv: EVENTHOS_TEST_POSTGRES_PASSWORD }"
        do {
            let result = try await body(section)
            await drop(name)
            return result
        } catch {
            await drop(name)
            throw error
        }
    }

    /// Runs `broker/postgres` with `command` (`stop`, `start`): `EVENTHOS_TEST_POSTGRES`, or the
    /// script of this checkout.
    static func server(_ command: String) async throws {
        let script = ProcessInfo.processInfo.environment["EVENTHOS_TEST_POSTGRES"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../broker/postgres")
            .standardized.path
        _ = try await RabbitMQCtl.runCommand(["bash", script, command])
    }

    /// Runs one statement with `psql` on the test server's own database.
    private static func administer(_ statement: String) async throws {
        _ = try await RabbitMQCtl.runCommand(psql(statement))
    }

    /// Drops a test's database, a few times if need be: an autovacuum worker of the server's own
    /// role, which `FORCE` may not end, leaves it soon. A database left behind harms no other test.
    private static func drop(_ name: String) async {
        for _ in 0..<5 {
            if await ChildProcess.run(psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")).status == 0 {
                return
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    private static func psql(_ statement: String) -> [String] {
        ["PGPASSWORD=\(password)", "psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", statement]
    }
}
