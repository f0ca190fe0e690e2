import EventhosCore
import Logging
import OTel
import ServiceLifecycle
import Tracing

/// The OpenTelemetry tracer of the `tracing` settings, and the service that exports its spans with
/// OTLP/HTTP (protobuf) in batches; stopping the service exports what is left.
package struct TracingBackend {
    package let tracer: any Tracer
    package let service: any Service

    /// - Throws: when swift-otel refuses the configuration (an `OTEL_*` environment variable it cannot use).
    package init(settings: TracingSettings, logger: Logger) throws {
        var configuration = OTel.Configuration.default
        configuration.serviceName = settings.serviceName
        configuration.diagnosticLogger = .custom(logger.with(metadataKey: "component", value: "tracing"))
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.sampler = .parentBasedTraceIDRatio(ratio: settings.sampleRatio) ?? .parentBasedAlwaysOn
        configuration.traces.batchSpanProcessor.scheduleDelay = settings.exportInterval
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.traces.otlpExporter.endpoint = settings.tracesURL
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        tracer = backend.factory
        service = backend.service
    }
}
