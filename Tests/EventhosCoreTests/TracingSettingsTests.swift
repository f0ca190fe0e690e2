import EventhosCore
import Testing

/// The `tracing` section: off by default, every key read and checked, `EVENTHOS_TRACING_*` overrides.
@Suite struct TracingSettingsTests {
    @Test func offByDefault() throws {
        let tracing = try EventhosConfiguration.parse(yaml: "", environment: [:]).tracing
        #expect(tracing == TracingSettings())
        #expect(!tracing.enabled)
        #expect(tracing.tracesURL == "http://127.0.0.1:4318/v1/traces")
        #expect(tracing.serviceName == "eventhos")
        #expect(tracing.sampleRatio == 1)
        #expect(tracing.exportInterval == .seconds(5))
    }

    @Test func readsEverySetting() throws {
        let yaml = """
            tracing: { enabled: true, endpoint: "https://collector:4318/", serviceName: bridge-eu, sampleRatio: 0.25, exportInterval: 1s }
            """
        let tracing = try EventhosConfiguration.parse(yaml: yaml, environment: [:]).tracing
        #expect(tracing == TracingSettings(
            enabled: true, endpoint: "https://collector:4318/", serviceName: "bridge-eu", sampleRatio: 0.25,
            exportInterval: .seconds(1)))
        #expect(tracing.tracesURL == "https://collector:4318/v1/traces")
    }

    @Test func environmentVariablesOverrideTheSection() throws {
        let tracing = try EventhosConfiguration.parse(
            yaml: "tracing: { enabled: false }",
            environment: [
                "EVENTHOS_TRACING_ENABLED": "true", "EVENTHOS_TRACING_ENDPOINT": "http://otel:4318",
                "EVENTHOS_TRACING_SAMPLE_RATIO": "0.5",
            ]
        ).tracing
        #expect(tracing.enabled)
        #expect(tracing.endpoint == "http://otel:4318")
        #expect(tracing.sampleRatio == 0.5)
    }

    @Test func badSettingsAreReportedByPath() {
        let yaml = """
            tracing:
              enabled: yes please
              endpoint: "grpc://collector:4317"
              serviceName: ""
              sampleRatio: 1.5
              exportInterval: 0s
              exporter: jaeger
            """
        #expect(problems(in: yaml).map(\.description) == [
            "tracing.enabled (line 2): bad value \"yes please\": expected true or false",
            "tracing.endpoint (line 3): bad URL: use http://host/... or https://host/...",
            "tracing.serviceName (line 4): must not be empty",
            "tracing.sampleRatio (line 5): 1.5 is out of range: use 0.0 to 1.0",
            "tracing.exportInterval (line 6): 0s is too short: use more than 0s",
            "tracing.exporter (line 7): unknown key \"exporter\"; expected one of enabled, endpoint, serviceName, sampleRatio, exportInterval",
        ])
        #expect(problemPaths(in: "tracing: { sampleRatio: half }") == ["tracing.sampleRatio"])
        #expect(problemPaths(in: "", environment: ["EVENTHOS_TRACING_SAMPLE_RATIO": "-0.1"]) == ["env EVENTHOS_TRACING_SAMPLE_RATIO"])
    }
}
