import Prometheus

/// The Prometheus registry behind `/metrics`, and the swift-metrics factory that fills it, with
/// histogram buckets fit for each of the bridge's histograms.
public struct PrometheusExport: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory

    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let fast: [Duration] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2), .seconds(5),
        ]
        factory.durationHistogramBuckets = [BridgeMetrics.Name.publishConfirm: fast, BridgeMetrics.Name.auditCommit: fast]
        factory.valueHistogramBuckets = [BridgeMetrics.Name.auditBatchRecords: [1, 2, 5, 10, 25, 50, 100, 256, 512, 1024]]
        self.registry = registry
        self.factory = factory
    }

    /// Every metric in the Prometheus text exposition format.
    public func render() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16_384)
        registry.emit(into: &buffer)
        return buffer
    }
}
