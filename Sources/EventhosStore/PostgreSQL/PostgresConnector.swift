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
        if error.code == .sslUnsupported {
            return "TLS: the server does not accept TLS connections (its ssl setting is off; sslmode=disable connects in plain text)"
        }
        guard let underlying = error.underlying else { return "\(error.code)" }
        let detail = "\(underlying)"
        if detail.contains("CERTIFICATE_VERIFY_FAILED") {
            return "TLS: the server's certificate is not trusted (not signed by sslrootcert's CA or the system's, or expired): \(detail)"
        }
        if detail.contains("failedToValidateHostname") {
            return "TLS: the server's certificate is not for the host name of the URL (sslmode=verify-full): \(detail)"
        }
        if detail.contains("connection reset") || detail.contains("Connection refused") || detail.contains("connectTimeout") {
            return "cannot reach the server: \(detail)"
        }
        return "\(error.code): \(detail)"
    }
}
