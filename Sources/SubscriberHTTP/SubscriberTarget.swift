import FoundationEssentials

/// Where a request goes: the connection's origin and the request line's target.
struct SubscriberTarget: Equatable {
    /// Scheme, host and port: the connections that can carry the request.
    struct Origin: Hashable, CustomStringConvertible {
        var secure: Bool
        var host: String
        var port: Int

        var description: String { "\(secure ? "https" : "http")://\(hostForHeader):\(port)" }

        /// The host as a `Host` header and an authority write it (an IPv6 address in brackets).
        var hostForHeader: String { host.contains(":") ? "[\(host)]" : host }
    }

    var origin: Origin
    /// The path and query, `/` when the URL has no path.
    var requestTarget: String
    /// The `Host` header: the port only when it is not the scheme's default.
    var hostHeader: String

    init?(url: String) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
            var host = parsed.host(percentEncoded: false), !host.isEmpty
        else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) else { return nil }
        let secure = scheme == "https"
        let defaultPort = secure ? 443 : 80
        let port = parsed.port ?? defaultPort
        guard (1...65_535).contains(port), parsed.port != nil || !Self.hasExplicitPort(url) else { return nil }
        origin = Origin(secure: secure, host: host, port: port)
        let path = parsed.path(percentEncoded: true)
        let query = parsed.query(percentEncoded: true).map { "?\($0)" } ?? ""
        requestTarget = (path.isEmpty ? "/" : path) + query
        hostHeader = origin.port == defaultPort ? origin.hostForHeader : "\(origin.hostForHeader):\(origin.port)"
    }

    /// Whether the URL's authority ends in `:digits` (a port the parser could not read as a number
    /// is not the scheme's default).
    private static func hasExplicitPort(_ url: String) -> Bool {
        guard let start = url.firstRange(of: "://")?.upperBound else { return false }
        let authority = url[start...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") else { return false }
        let port = authority[authority.index(after: colon)...]
        return !port.isEmpty && port.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
