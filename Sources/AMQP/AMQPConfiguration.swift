/// Where and how an ``AMQPConnection`` connects.
public struct AMQPConfiguration: Sendable, CustomStringConvertible {
    /// Broker host name or address.
    public var host: String
    /// Broker TCP port.
    public var port: Int
    /// User name for PLAIN authentication.
    public var user: String
    /// Password for PLAIN authentication.
    public var password: String
    /// Virtual host, percent-decoded (`%2f` in the URL is `/`).
    public var virtualHost: String
    /// Name shown by the broker's management tools (`connection_name` client property).
    public var connectionName: String
    /// Heartbeat interval negotiated with the broker; never disabled, at least one second.
    public var heartbeat: Duration
    /// Timeout for opening the socket and for the login handshake.
    public var connectTimeout: Duration
    /// Timeout for each synchronous AMQP method (declarations, channel open/close, …).
    public var requestTimeout: Duration
    /// First reconnect delay; doubled after every failed attempt.
    public var reconnectInitialDelay: Duration
    /// Upper bound of the reconnect delay.
    public var reconnectMaxDelay: Duration

    /// Parses `amqp://user:password@host:port/vhost`.
    ///
    /// User, password and vhost are percent-decoded. Defaults: `guest`/`guest`, `localhost`, port 5672,
    /// vhost `/` when the path is absent or empty. A query string is ignored; `amqps` is not supported.
    /// - Throws: ``AMQPError/Code/invalidURL`` when the URL cannot be parsed.
    public init(
        url: String,
        connectionName: String = "eventhos",
        heartbeat: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(5),
        reconnectInitialDelay: Duration = .milliseconds(100),
        reconnectMaxDelay: Duration = .seconds(10),
        requestTimeout: Duration = .seconds(10)
    ) throws(AMQPError) {
        let parsed = try URLParser.parse(url)
        host = parsed.host
        port = parsed.port
        user = parsed.user
        password = parsed.password
        virtualHost = parsed.virtualHost
        self.connectionName = connectionName
        self.heartbeat = max(heartbeat, .seconds(1))
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.reconnectInitialDelay = reconnectInitialDelay
        self.reconnectMaxDelay = max(reconnectMaxDelay, reconnectInitialDelay)
    }
}

extension AMQPConfiguration {
    /// The broker URL without the password.
    public var description: String {
        "amqp://\(user)@\(host):\(port)/\(virtualHost == "/" ? "%2f" : virtualHost)"
    }
}

/// The AMQP URI grammar (https://www.rabbitmq.com/uri-spec.html), without TLS.
private enum URLParser {
    struct Parsed {
        var host = "localhost", port = 5672, user = "guest", password = "guest", virtualHost = "/"
    }

    static func parse(_ url: String) throws(AMQPError) -> Parsed {
        let prefix = "amqp://"
        guard url.lowercased().hasPrefix(prefix) else { throw invalid("scheme must be amqp://") }
        var rest = Substring(url.dropFirst(prefix.count))
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }

        var parsed = Parsed()
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
    private static func invalid(_ reason: String) -> AMQPError {
        AMQPError(code: .invalidURL, detail: "invalid AMQP URL: \(reason)")
    }
}
