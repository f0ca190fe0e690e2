import Foundation

/// The test PostgreSQL server (`scripts/test` starts a private one): `EVENTHOS_TEST_POSTGRES_URL`
/// and `EVENTHOS_TEST_POSTGRES_PASSWORD`.
enum TestPostgres {
    static var url: String {
        ProcessInfo.processInfo.environment["EVENTHOS_TEST_POSTGRES_URL"]
            ?? "postgres://eventhos@127.0.0.1:55432/eventhos?sslmode=disable"
    }

    static var password: String {
        ProcessInfo.processInfo.environment["EVENTHOS_TEST_POSTGRES_PASSWORD"] ?? "eventhos"
    }

    /// The `store` section of an instance on the test server (its registry names are the test's own).
    static var storeSection: String {
        "{ url: \"\(url)\", passwordEnv: EVENTHOS_TEST_POSTGRES_PASSWORD }"
    }
}
