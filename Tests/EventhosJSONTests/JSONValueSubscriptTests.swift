import EventhosJSON
import OrderedCollections
import Testing

@Suite("JSONValue subscripts")
struct JSONValueSubscriptTests {
    let value: JSONValue = .object(["items": .array([.int(1), .object(["id": .string("x")])]), "none": .null])

    @Test func membersAndElements() {
        #expect(self.value["none"] == .null)
        #expect(self.value["items"]?[0] == .int(1))
        #expect(self.value["items"]?[1]?["id"] == .string("x"))
    }

    @Test func missingGivesNil() {
        #expect(self.value["absent"] == nil)
        #expect(self.value["items"]?[2] == nil)
        #expect(self.value["items"]?[-1] == nil)
        #expect(self.value[0] == nil)
        #expect(self.value["items"]?["id"] == nil)
        #expect(JSONValue.string("s")["a"] == nil)
    }
}
