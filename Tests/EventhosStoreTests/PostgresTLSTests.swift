import EventhosCore
import Foundation
import Testing

@testable import EventhosStore

/// `sslmode` against the test server, whose certificate (test PKI of `broker/tls`) names `localhost`.
@Suite("PostgreSQL TLS")
struct PostgresTLSTests {
    /// The test PKI: `EVENTHOS_TEST_TLS_DIR` (`scripts/test` sets it).
    static var pki: String {
        ProcessInfo.processInfo.environment["EVENTHOS_TEST_TLS_DIR"] ?? FileManager.default.currentDirectoryPath + "/.eventhos/tls"
    }

    static func url(host: String, _ parameters: String) throws -> PostgresURL {
        var url = try TestPostgres.url()
        url = try PostgresURL(parsing: "postgres://\(url.user)@\(host):\(url.port)/\(url.database)?\(parameters)")
        url.password = Secret(TestPostgres.password)
        return url
    }

    @Test("verify-full with the server's CA connects over TLS")
    func verifiedConnection() async throws {
        let database = try await PostgresDatabase.open(
            url: try Self.url(host: "localhost", "sslmode=verify-full&sslrootcert=\(Self.pki)/ca.pem"),
            logger: TemporaryStore.logger)
        let encrypted: Bool? = try await database.read { db in
            try db.value("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        }
        await database.close()
        #expect(encrypted == true)
    }

    @Test("a certificate of an unknown CA, or for another host name, stops the open and says why")
    func refusedCertificates() async throws {
        for (host, parameters, cause) in [
            ("localhost", "sslrootcert=\(Self.pki)/other-ca.pem", "TLS: the server's certificate is not trusted"),
            ("127.0.0.1", "sslrootcert=\(Self.pki)/ca.pem", "TLS: the server's certificate is not for the host name"),
        ] {
            let error = await #expect(throws: StoreError.self) {
                let database = try await PostgresDatabase.open(url: try Self.url(host: host, parameters), logger: TemporaryStore.logger)
                await database.close()
            }
            #expect(error?.code == .cannotOpen)
            #expect(error?.message.contains(cause) == true, "\(error?.message ?? "")")
        }
    }

    @Test("a wrong password is named as such")
    func wrongPassword() async throws {
        var url = try TestPostgres.url()
        url.password = Secret("not-the-password")
        let error = await #expect(throws: StoreError.self) {
            _ = try await PostgresDatabase.open(url: url, logger: TemporaryStore.logger)
        }
        #expect(error?.message.contains("password authentication failed") == true, "\(error?.message ?? "")")
    }
}
