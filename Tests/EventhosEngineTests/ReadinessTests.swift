import AMQP
import Testing

@testable import EventhosEngine

@Suite("Readiness of a broker connection")
struct ReadinessTests {
    @Test("connected is ready; blocked and disconnected are not, and say why")
    func connection() {
        #expect(Readiness.component("broker.publish", up: true, last: .connected).ok)
        #expect(Readiness.component("broker.publish", up: true, last: nil).state == "connected")
        let blocked = Readiness.component("broker.publish", up: false, last: .blocked(reason: "low on disk"))
        #expect(blocked == .init(name: "broker.publish", state: "blocked", ok: false, detail: "low on disk"))
        let lost = Readiness.component("broker.consume", up: false, last: .disconnected(reason: "connection reset"))
        #expect(lost == .init(name: "broker.consume", state: "disconnected", ok: false, detail: "connection reset"))
        for last: AMQPConnectionState? in [nil, .connecting, .closed, .connected] {
            #expect(Readiness.component("broker.publish", up: false, last: last).state == "disconnected")
        }
    }
}
