/// How an `amqps://` connection does TLS: whom it trusts and, for mutual TLS, who it is.
///
/// The defaults verify the broker's certificate against the system's trusted CAs and its host name
/// against the URL's host, with TLS 1.2 at least.
public struct AMQPTLSConfiguration: Sendable, Hashable {
    /// PEM file of the CAs that sign the broker's certificate; `nil` for the system's trusted CAs.
    public var caFile: String?
    /// PEM file of the client certificate (with its chain), for mutual TLS; needs ``keyFile``.
    public var certFile: String?
    /// PEM file of the client certificate's private key (unencrypted).
    public var keyFile: String?
    /// Whether the broker's certificate must chain to a trusted CA. `false` accepts any certificate.
    public var verifyPeer: Bool
    /// Whether the broker's certificate must name the host of the URL (checked only with ``verifyPeer``).
    public var verifyHostname: Bool

    public init(
        caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, verifyPeer: Bool = true,
        verifyHostname: Bool = true
    ) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.verifyPeer = verifyPeer
        self.verifyHostname = verifyHostname
    }
}
