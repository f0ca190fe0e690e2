import AMQP
import Testing

@testable import EventhosEngine

@Suite("Chaining")
struct ChainPublisherTests {
    @Test("a reply body is the response's JSON, or its text as a JSON string, or null")
    func replyBody() {
        #expect(ChainPublisher.body(of: #"{"id": 1}"#) == Array(#"{"id": 1}"#.utf8))
        #expect(ChainPublisher.body(of: "plain \"text\"") == Array(#""plain \"text\"""#.utf8))
        #expect(ChainPublisher.body(of: "") == Array("null".utf8))
    }

    @Test("a chained event's id is a UUID derived from its parent and contract")
    func chainedId() {
        let id = ChainPublisher.chainedId(parent: "p-1", contract: "c")
        #expect(id == ChainPublisher.chainedId(parent: "p-1", contract: "c"))
        #expect(id != ChainPublisher.chainedId(parent: "p-1", contract: "d"))
        #expect(id != ChainPublisher.chainedId(parent: "p-2", contract: "c"))
        #expect(id.count == 36 && Array(id)[14] == "8")
    }

    @Test("the chain link travels in message headers")
    func link() {
        var headers: AMQPTable = [:]
        #expect(ChainLink(headers: headers) == nil)
        ChainLink(parent: "p-1", hop: 3).annotate(&headers)
        #expect(ChainLink(headers: headers) == ChainLink(parent: "p-1", hop: 3))
    }
}
