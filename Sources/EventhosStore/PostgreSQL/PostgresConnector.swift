import EventhosCore
import NIOCore
import NIOSSL
import PostgresNIO

/// How ``PostgresDatabase`` reaches its server, and how it names what went wrong.
enum PostgresConnector {
    /// The connection settings of `url`: its `sslmode` as PostgresNIO's TLS.
    static func configuration(for url: PostgresURL) throws -> PostgresConnection.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let rootCert = url.sslRootCert {
            tls.trustRoots = .file(rootCert)
        }
        let mode: PostgresConnection.Configuration.TLS
        switch url.sslMode {
        case .disable:
            mode = .disable
        case .require:
            tls.certificateVerification = .none
            mode = .require(try NIOSSLContext(configuration: tls))
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
            mode = .require(try NIOSSLContext(configuration: tls))
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            mode = .require(try NIOSSLContext(configuration: tls))
        }
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password?.value, database: url.database,
            tls: mode)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// An error of a transaction as a ``StoreError`` whose message names the cause.
    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        return StoreError(.database, describe(error))
    }

    /// What the server said (severity, SQLSTATE, message), or what stopped the connection
    /// (refused, TLS…): PostgresNIO's own description hides both.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo {
            let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let detail = info[.detail].map { ": \($0)" } ?? ""
            return "\(info[.severity] ?? "ERROR")\(state): \(info[.message] ?? "no message")\(detail)"
        }
        if let underlying = error.underlying {
            return "\(error.code): \(underlying)"
        }
        return "\(error.code)"
    }
}
