/// OpenTelemetry tracing: spans for ingest, publish, consume and each try, exported with OTLP/HTTP.
///
/// Off by default: then no exporter runs, and spans cost next to nothing (the no-op tracer).
public struct TracingSettings: Sendable, Hashable {
    /// Whether spans are recorded and exported.
    public var enabled: Bool
    /// The collector's OTLP/HTTP base URL; spans are posted to `<endpoint>/v1/traces`.
    public var endpoint: String
    /// The `service.name` of every span.
    public var serviceName: String
    /// The fraction of new traces recorded, 0 to 1; a trace a producer started keeps its own decision.
    public var sampleRatio: Double
    /// How long finished spans wait to be exported together.
    public var exportInterval: Duration

    public init(
        enabled: Bool = false, endpoint: String = "http://127.0.0.1:4318", serviceName: String = "eventhos",
        sampleRatio: Double = 1.0, exportInterval: Duration = .seconds(5)
    ) {
        self.enabled = enabled
        self.endpoint = endpoint
        self.serviceName = serviceName
        self.sampleRatio = sampleRatio
        self.exportInterval = exportInterval
    }

    /// Where the exporter posts spans: the endpoint with the OTLP traces path.
    public var tracesURL: String {
        (endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint) + "/v1/traces"
    }
}
