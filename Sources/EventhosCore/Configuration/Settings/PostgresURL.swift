import Foundation

/// Where a PostgreSQL store lives: `postgres://user[:password]@host[:port]/database?sslmode=...`.
///
/// `sslmode` takes libpq's names: `disable`, `require` (encrypted, certificate not checked),
/// `verify-ca` (checked against `sslrootcert` or the system's CAs), `verify-full` (also the host
/// name; the default, so that TLS is verified unless the URL says otherwise). `allow` and `prefer`,
/// which fall back to plain text silently, are refused.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is encrypted and the server checked.
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        case disable
        case require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    /// The password written in the URL; `store.passwordEnv` replaces it.
    public var password: Secret?
    public var database: String
    public var sslMode: SSLMode
    /// The CA file (`sslrootcert`) that checks the server's certificate; `nil` for the system's CAs.
    public var sslRootCert: String?

    /// Parses a URL; the error's text never repeats the password.
    public init(parsing text: String) throws(PostgresURLError) {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql"
        else {
            throw PostgresURLError("use postgres://user@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else { throw PostgresURLError("the URL has no host") }
        guard let user = components.user, !user.isEmpty else { throw PostgresURLError("the URL has no user") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresURLError("the URL names no database (postgres://user@host:port/database)")
        }
        var sslMode = SSLMode.verifyFull
        var sslRootCert: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    throw PostgresURLError(
                        "sslmode '\(item.value ?? "")' is not supported: use "
                            + SSLMode.allCases.map(\.rawValue).joined(separator: ", "))
                }
                sslMode = mode
            case "sslrootcert":
                sslRootCert = item.value
            default:
                throw PostgresURLError("unknown parameter '\(item.name)': sslmode and sslrootcert are supported")
            }
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { Secret($0.removingPercentEncoding ?? $0) }
        self.database = database.removingPercentEncoding ?? database
        self.sslMode = sslMode
        self.sslRootCert = sslRootCert
    }

    /// The URL without its password, for logs and messages.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }
}

/// Why a `store.url` is not a PostgreSQL URL Eventhos can use.
public struct PostgresURLError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
