import Testing

@testable import EventhosEngine

/// The received event ids: UUID version 7, their first 48 bits the arrival's milliseconds.
struct ReceivedEventIDTests {
    @Test("an id is a lowercase UUID version 7 of the RFC 9562 variant, led by the milliseconds it was made for")
    func shape() throws {
        let millis: Int64 = 0x0193_8a4b_5c6d
        let id = ReceivedEventID.make(millis: millis)
        let groups = id.split(separator: "-")
        #expect(groups.map(\.count) == [8, 4, 4, 4, 12])
        #expect(id == id.lowercased())
        #expect(groups[0] + groups[1] == "01938a4b5c6d")
        #expect(groups[2].first == "7")
        #expect(try #require(groups[3].first).isHexDigit && "89ab".contains(groups[3].first!))
    }

    @Test("ids made in the same millisecond differ, and a later millisecond's sort after")
    func uniqueAndOrdered() {
        let ids = (0..<1000).map { _ in ReceivedEventID.make(millis: 1_764_000_000_000) }
        #expect(Set(ids).count == ids.count)
        #expect(ReceivedEventID.make(millis: 1_764_000_000_001) > ids.max()!)
    }
}
