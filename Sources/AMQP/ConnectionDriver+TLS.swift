import CRabbitMQ

extension ConnectionDriver {
    /// The connection's socket: TCP, or for `amqps` a TLS socket set up as configured (TLS 1.2 at
    /// least, the CA file or the system's CAs, the client certificate, peer and host name checks).
    func makeSocket(_ connection: amqp_connection_state_t) throws(AMQPError) -> OpaquePointer {
        guard let tls = configuration.tls else {
            guard let socket = amqp_tcp_socket_new(connection) else {
                throw AMQPError(code: .library, detail: "cannot create a TCP socket")
            }
            return socket
        }
        guard let socket = amqp_ssl_socket_new(connection) else {
            throw AMQPError(code: .tls, detail: "TLS: cannot create a TLS socket\(Self.openSSLReason)")
        }
        _ = amqp_ssl_socket_set_ssl_versions(socket, AMQP_TLSv1_2, AMQP_TLSvLATEST)
        guard eventhos_tls_prepare(amqp_ssl_socket_get_context(socket), tls.caFile == nil ? 1 : 0) == 1 else {
            throw AMQPError(code: .tls, detail: "TLS: cannot load the system's trusted CAs\(Self.openSSLReason)")
        }
        if let caFile = tls.caFile, amqp_ssl_socket_set_cacert(socket, caFile) != AMQP_STATUS_OK.rawValue {
            throw AMQPError(code: .tls, detail: "TLS: cannot load the CA file \(caFile)\(Self.openSSLReason)")
        }
        if let certFile = tls.certFile, let keyFile = tls.keyFile,
            amqp_ssl_socket_set_key(socket, certFile, keyFile) != AMQP_STATUS_OK.rawValue
        {
            throw AMQPError(
                code: .tls, detail: "TLS: cannot load the client certificate \(certFile) with its key \(keyFile)\(Self.openSSLReason)")
        }
        amqp_ssl_socket_set_verify_peer(socket, tls.verifyPeer ? 1 : 0)
        amqp_ssl_socket_set_verify_hostname(socket, tls.verifyPeer && tls.verifyHostname ? 1 : 0)
        return socket
    }

    /// Names why the socket could not be opened: the TLS check that failed, or the library's status.
    func openFailure(status: Int32, socket: OpaquePointer, endpoint: AMQPConfiguration.Endpoint) -> AMQPError {
        guard let tls = configuration.tls else { return .library(status: status, "connecting to \(endpoint)") }
        switch status {
        case AMQP_STATUS_SSL_PEER_VERIFY_FAILED.rawValue:
            let verifyError = eventhos_tls_verify_error(amqp_ssl_socket_get_context(socket))
            let reason = verifyError == 0 ? "no certificate" : String(cString: X509_verify_cert_error_string(verifyError))
            let trusted = tls.caFile.map { "the CA file \($0)" } ?? "the system's trusted CAs"
            return AMQPError(
                code: .tls, detail: "TLS: the certificate of \(endpoint) is not trusted: \(reason) (checked against \(trusted))")
        case AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED.rawValue:
            return AMQPError(
                code: .tls,
                detail: "TLS: the certificate of \(endpoint) does not name the host \"\(endpoint.host)\" "
                    + "(host name verification: connect by a name the certificate lists)")
        case AMQP_STATUS_SSL_CONNECTION_FAILED.rawValue, AMQP_STATUS_SSL_ERROR.rawValue:
            return AMQPError(code: .tls, detail: "TLS handshake with \(endpoint) failed\(Self.openSSLReason)\(Self.hint(Self.lastReason))")
        default:
            return .library(status: status, "connecting to \(endpoint)")
        }
    }

    /// Names why the login failed at the transport: a TLS alert after the handshake (typically a
    /// refused client certificate), or a plain connection that the broker dropped during the AMQP
    /// handshake, as a TLS listener does.
    func loginFailure(status: Int32, endpoint: AMQPConfiguration.Endpoint) -> AMQPError {
        let failure = AMQPError.library(status: status, "login at \(endpoint)")
        let droppedByBroker = [AMQP_STATUS_CONNECTION_CLOSED, AMQP_STATUS_SOCKET_ERROR, AMQP_STATUS_SOCKET_CLOSED, AMQP_STATUS_SSL_ERROR]
            .contains { $0.rawValue == status }
        if configuration.tls != nil {
            if let reason = Self.lastReason {
                return AMQPError(
                    code: .tls, detail: "TLS: the broker at \(endpoint) ended the connection during login: \(reason)\(Self.hint(reason))")
            }
            guard droppedByBroker else { return failure }
            // The alert is often lost: the broker closes before it is read (a reset, no reason).
            return AMQPError(
                code: .tls,
                detail: "TLS: the broker at \(endpoint) ended the connection during login (\(failure.detail)), as a broker "
                    + "does when it requires a client certificate it trusts (broker.tls.certFile and keyFile)")
        }
        guard droppedByBroker || status == AMQP_STATUS_BAD_AMQP_DATA.rawValue else { return failure }
        return AMQPError(
            code: .tls,
            detail: "\(failure.detail): the broker closed the connection during the AMQP handshake, "
                + "as a TLS listener does to plain AMQP: if this port is one, use amqps://")
    }

    /// The newest OpenSSL error of this thread, if any.
    private static var lastReason: String? {
        eventhos_tls_last_error_reason().map { String(cString: $0) }
    }

    /// `": reason"`, or nothing.
    private static var openSSLReason: String {
        lastReason.map { ": \($0)" } ?? ""
    }

    /// What an OpenSSL reason usually means here.
    private static func hint(_ reason: String?) -> String {
        guard let reason else { return "" }
        if reason.contains("wrong version number") || reason.contains("packet length too long")
            || reason.contains("record layer failure")
        {
            return " — the port answered in plain AMQP, not TLS: use amqp:// or the broker's TLS port"
        }
        if reason.contains("certificate required") || reason.contains("handshake failure") {
            return " — the broker requires a client certificate it trusts (broker.tls.certFile and keyFile)"
        }
        if reason.contains("bad certificate") || reason.contains("unknown ca") || reason.contains("certificate unknown") {
            return " — the broker refused the client certificate"
        }
        if reason.contains("certificate expired") {
            return " — the broker says the client certificate has expired"
        }
        return ""
    }
}
