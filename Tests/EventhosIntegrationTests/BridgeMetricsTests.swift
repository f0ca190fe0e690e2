import AMQP
import EventhosCore
import EventhosStore
import Testing

@testable import EventhosEngine
import EventhosServer

@Suite("Bridge metrics")
struct BridgeMetricsTests {
    let export = PrometheusExport()

    @Test("ingest counters by event and source, rejections by reason")
    func ingest() {
        let metrics = BridgeMetrics(factory: export.factory)
        metrics.event("order-created", source: .webhook).recordAccepted()
        metrics.event("order-created", source: .webhook).recordAccepted()
        metrics.event("order-created", source: .webhook).recordRejected("broker_unavailable")
        metrics.event("", source: .webhook).recordRejected("invalid_key")
        metrics.publishConfirmed(.ingest, after: .milliseconds(3))
        let text = MetricsText(String(decoding: export.render(), as: UTF8.self))
        let event = ["event": "order-created", "source": "webhook"]
        #expect(text.value(BridgeMetrics.Name.eventsReceived, event) == 3)
        #expect(text.value(BridgeMetrics.Name.eventsAccepted, event) == 2)
        #expect(text.value(BridgeMetrics.Name.eventsRejected, event.merging(["reason": "broker_unavailable"]) { $1 }) == 1)
        #expect(text.value(BridgeMetrics.Name.eventsRejected, ["event": "", "reason": "invalid_key"]) == 1)
        #expect(text.value(BridgeMetrics.Name.publishConfirm + "_count", ["purpose": "ingest"]) == 1)
        #expect(text.value(BridgeMetrics.Name.publishConfirm + "_bucket", ["purpose": "ingest", "le": "0.005"]) == 1)
        #expect(text.value(BridgeMetrics.Name.publishConfirm + "_bucket", ["purpose": "ingest", "le": "0.002"]) == 0)
    }

    @Test("deliveries by contract and outcome, retries, dead letters by reason, in flight, dead-queue depth")
    func deliveries() async {
        let metrics = BridgeMetrics(factory: export.factory)
        let contract = metrics.contract("crm-to-billing")
        #expect(metrics.contract("crm-to-billing") === contract, "one object per contract")
        contract.tried(.retryable, seconds: 0.02)
        contract.followed(.retry(nextAttempt: 2, delay: .seconds(1)))
        contract.tried(.permanent, seconds: 0.03)
        contract.followed(.deadLetter(.permanentFailure))
        contract.tried(.success, seconds: 0.01)
        contract.followed(.complete)
        contract.deadQueueDepth(4)
        let inFlight = await contract.inFlight {
            MetricsText(String(decoding: export.render(), as: UTF8.self)).value(
                BridgeMetrics.Name.deliveriesInFlight, ["contract": "crm-to-billing"])
        }
        #expect(inFlight == 1)
        let text = MetricsText(String(decoding: export.render(), as: UTF8.self))
        let labels = ["contract": "crm-to-billing"]
        #expect(text.value(BridgeMetrics.Name.deliveriesInFlight, labels) == 0)
        for outcome in ["success", "retryable", "permanent"] {
            #expect(text.value(BridgeMetrics.Name.deliveries, ["contract": "crm-to-billing", "outcome": outcome]) == 1)
        }
        #expect(text.value(BridgeMetrics.Name.retries, labels) == 1)
        #expect(text.value(BridgeMetrics.Name.deadLetters, ["contract": "crm-to-billing", "reason": "permanent-failure"]) == 1)
        #expect(text.value(BridgeMetrics.Name.tryDuration + "_count", labels) == 3)
        #expect(text.value(BridgeMetrics.Name.deadQueueMessages, labels) == 4)
    }

    @Test("a dead letter marks the contract's dead queue changed, once per change")
    func deadQueueChanges() {
        let contract = BridgeMetrics(factory: export.factory).contract("crm-to-billing")
        #expect(!contract.takeDeadQueueChange())
        contract.deadLettered("malformed-message")
        #expect(contract.takeDeadQueueChange())
        #expect(!contract.takeDeadQueueChange())
        contract.markDeadQueueChanged()
        #expect(contract.takeDeadQueueChange())
    }

    @Test("broker connection gauges follow the connection's states; audit commits are histograms")
    func brokerAndAudit() {
        let metrics = BridgeMetrics(factory: export.factory)
        func gauges() -> (Double?, Double?) {
            let text = MetricsText(String(decoding: export.render(), as: UTF8.self))
            return (
                text.value(BridgeMetrics.Name.brokerConnected, ["connection": "publish"]),
                text.value(BridgeMetrics.Name.brokerBlocked, ["connection": "publish"])
            )
        }
        metrics.broker("publish", .connected)
        #expect(gauges() == (1, 0))
        metrics.broker("publish", .blocked(reason: "low on disk"))
        #expect(gauges() == (1, 1))
        metrics.broker("publish", .disconnected(reason: "connection reset"))
        #expect(gauges() == (0, 0))

        metrics.auditCommitted(records: 40, duration: .milliseconds(2), succeeded: true)
        metrics.auditCommitted(records: 3, duration: .milliseconds(5000), succeeded: false)
        metrics.auditQueued(7)
        let text = MetricsText(String(decoding: export.render(), as: UTF8.self))
        #expect(text.value(BridgeMetrics.Name.auditBatchRecords + "_sum") == 43)
        #expect(text.value(BridgeMetrics.Name.auditBatchRecords + "_bucket", ["le": "50.0"]) == 2)
        #expect(text.value(BridgeMetrics.Name.auditCommit + "_count") == 2)
        #expect(text.value(BridgeMetrics.Name.auditFailedBatches) == 1)
        #expect(text.value(BridgeMetrics.Name.auditQueuedRecords) == 7)
    }
}
