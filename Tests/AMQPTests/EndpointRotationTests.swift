import Testing

@testable import AMQP

@Suite("EndpointRotation")
struct EndpointRotationTests {
    @Test("starts with the first node and tries each node once per round before backing off")
    func roundOfFailures() {
        var rotation = EndpointRotation(count: 3)
        #expect(rotation.current == 0)
        #expect(rotation.connectFailed() == true)
        #expect(rotation.current == 1)
        #expect(rotation.connectFailed() == true)
        #expect(rotation.current == 2)
        #expect(rotation.connectFailed() == false, "the whole round failed: back off")
        #expect(rotation.current == 0, "the next round starts where the last one did")
        #expect(rotation.connectFailed() == true)
    }

    @Test("after a lost connection the next node is tried first, and a full round follows")
    func lostConnectionMovesOn() {
        var rotation = EndpointRotation(count: 3)
        #expect(rotation.connectFailed() == true)
        rotation.connected()
        #expect(rotation.current == 1)
        rotation.connectionLost()
        #expect(rotation.current == 2)
        #expect(rotation.connectFailed() == true)
        #expect(rotation.current == 0)
        #expect(rotation.connectFailed() == true)
        #expect(rotation.current == 1)
        #expect(rotation.connectFailed() == false)
        #expect(rotation.current == 2)
    }

    @Test("one node: every failure is a whole round")
    func singleNode() {
        var rotation = EndpointRotation(count: 1)
        #expect(rotation.connectFailed() == false)
        #expect(rotation.current == 0)
        rotation.connectionLost()
        #expect(rotation.current == 0)
    }
}
