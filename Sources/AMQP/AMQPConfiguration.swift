/// Where and how an ``AMQPConnection`` connects.
public struct AMQPConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// One broker node: a host name or address and a TCP port.
    public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    /// The nodes of one broker (one node, or several nodes of a cluster), tried in this order;
    /// after a lost connection the next one is tried first (see ``EndpointRotation``).
    public var endpoints: [Endpoint]
    /// User name for PLAIN authentication.
    public var user: String
    /// Password for PLAIN authentication.
    public var password: String
    /// Virtual host, percent-decoded (`%2f` in the URL is `/`).
    public var virtualHost: String
    /// TLS settings; `nil` for plain AMQP (`amqp://`), set for `amqps://`.
    public var tls: AMQPTLSConfiguration?
    /// Name shown by the broker's management tools (`connection_name` client property).
    public var connectionName: String
    /// Heartbeat interval negotiated with the broker; never disabled, at least one second.
    public var heartbeat: Duration
    /// Timeout for opening the socket, the TLS handshake and the login handshake.
    public var connectTimeout: Duration
    /// Timeout for each synchronous AMQP method (declarations, channel open/close, …).
    public var requestTimeout: Duration
    /// First reconnect delay; doubled after every failed attempt.
    public var reconnectInitialDelay: Duration
    /// Upper bound of the reconnect delay.
    public var reconnectMaxDelay: Duration
    /// Whether ``AMQPConnection/run()`` gives up and throws when, before it ever connected, every
    /// node failed for a reason that retrying cannot fix (TLS verification, a TLS/plain mismatch,
    /// refused credentials). Otherwise it retries forever, reporting each failure as a state.
    public var stopOnPermanentFailureAtStart: Bool

    /// The host of the first node.
    public var host: String { endpoints[0].host }
    /// The port of the first node.
    public var port: Int { endpoints[0].port }

    /// Parses the URLs of the nodes of one broker: `amqp://user:password@host:port/vhost`, or
    /// `amqps://` for TLS.
    ///
    /// User, password and vhost are percent-decoded. Defaults: `guest`/`guest`, `localhost`, port 5672
    /// (5671 for `amqps`), vhost `/` when the path is absent or empty. A query string is ignored.
    /// Every URL must name the same scheme, user, password and vhost: they are one broker.
    /// - Parameters:
    ///   - password: replaces the URLs' password when given (a password kept out of the URL).
    ///   - tls: used when the URLs are `amqps://`; ignored for `amqp://`.
    /// - Throws: ``AMQPError/Code/invalidURL`` when a URL cannot be parsed, none is given, or they differ.
    public init(
        urls: [String],
        password: String? = nil,
        tls: AMQPTLSConfiguration = AMQPTLSConfiguration(),
        connectionName: String = "eventhos",
        heartbeat: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(5),
        reconnectInitialDelay: Duration = .milliseconds(100),
        reconnectMaxDelay: Duration = .seconds(10),
        requestTimeout: Duration = .seconds(10)
    ) throws(AMQPError) {
        var parsedURLs: [URLParser.Parsed] = []
        for url in urls { parsedURLs.append(try URLParser.parse(url)) }
        guard let first = parsedURLs.first else { throw URLParser.invalid("no broker URL given") }
        for parsed in parsedURLs.dropFirst() where !parsed.isSameBroker(as: first) {
            throw URLParser.invalid("every URL must have the same scheme, user, password and vhost (the nodes of one broker)")
        }
        endpoints = parsedURLs.map { Endpoint(host: $0.host, port: $0.port) }
        user = first.user
        self.password = password ?? first.password
        virtualHost = first.virtualHost
        self.tls = first.secure ? tls : nil
        self.connectionName = connectionName
        self.heartbeat = max(heartbeat, .seconds(1))
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.reconnectInitialDelay = reconnectInitialDelay
        self.reconnectMaxDelay = max(reconnectMaxDelay, reconnectInitialDelay)
        stopOnPermanentFailureAtStart = false
    }
}

extension AMQPConfiguration {
    /// The broker URL without the password: `amqps://user@host1:5671,host2:5671/vhost`.
    public var description: String {
        let nodes = endpoints.map(\.description).joined(separator: ",")
        return "\(tls == nil ? "amqp" : "amqps")://\(user)@\(nodes)/\(virtualHost == "/" ? "%2f" : virtualHost)"
    }
}

/// The AMQP URI grammar (https://www.rabbitmq.com/uri-spec.html).
private enum URLParser {
    struct Parsed {
        var secure = false, host = "localhost", port = 5672, user = "guest", password = "guest", virtualHost = "/"

        func isSameBroker(as other: Parsed) -> Bool {
            (secure, user, password, virtualHost) == (other.secure, other.user, other.password, other.virtualHost)
        }
    }

    static func parse(_ url: String) throws(AMQPError) -> Parsed {
        var parsed = Parsed()
        let lowercased = url.lowercased()
        let prefix: String
        if lowercased.hasPrefix("amqps://") {
            prefix = "amqps://"
            parsed.secure = true
            parsed.port = 5671
        } else if lowercased.hasPrefix("amqp://") {
            prefix = "amqp://"
        } else {
            throw invalid("scheme must be amqp:// or amqps://")
        }
        var rest = Substring(url.dropFirst(prefix.count))
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }

        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            let path = rest[rest.index(after: slash)...]
            guard !path.contains("/") else { throw invalid("vhost must be one path segment (escape / as %2f)") }
            if !path.isEmpty { parsed.virtualHost = try decode(path) }
        }
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                parsed.user = try decode(userInfo[..<colon])
                parsed.password = try decode(userInfo[userInfo.index(after: colon)...])
            } else {
                parsed.user = try decode(userInfo)
                parsed.password = ""
            }
        }
        var hostPart = authority
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("unterminated IPv6 address") }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("garbage after IPv6 address") }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        if !hostPart.isEmpty { parsed.host = try decode(hostPart) }
        if let portPart {
            guard let port = Int(portPart), (1...65535).contains(port) else { throw invalid("bad port") }
            parsed.port = port
        }
        return parsed
    }

    private static func decode(_ text: Substring) throws(AMQPError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw invalid("bad percent escape")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw invalid("not UTF-8") }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The message never repeats the URL: it may hold a password.
    static func invalid(_ reason: String) -> AMQPError {
        AMQPError(code: .invalidURL, detail: "invalid AMQP URL: \(reason)")
    }
}
