import EventhosJSON
import EventhosTemplates
import OrderedCollections
import Testing

@testable import EventhosStore

@Suite struct JSONStorageTests {
    @Test func roundTripKeepsOrderTypesAndEscapes() throws {
        let value = JSONValue.object([
            "z": .int(-42), "a": .double(1.5), "big": .double(1e300),
            "text": .string("quote \" slash \\ tab \t nl \n \u{1} é 🎉"),
            "list": .array([.null, .bool(true), .bool(false), .object([:]), .array([])]),
        ])
        #expect(value.storageText.hasPrefix(#"{"z":-42,"a":1.5,"#))
        #expect(try JSONValue(storageText: value.storageText) == value)
    }

    @Test func readsJSONWrittenByOthers() throws {
        let text = #" { "s" : "\u00e9\ud83c\udf89\/" , "n" : [ 1 , 2.0e1 ] } "#
        #expect(
            try JSONValue(storageText: text) == .object(["s": .string("é🎉/"), "n": .array([.int(1), .double(20)])]))
    }

    @Test(arguments: ["", "{", #"{"a"}"#, "[1,]", "tru", #""open"#, "1 2"])
    func rejectsInvalidText(_ text: String) {
        #expect(throws: StoreError.self) { try JSONValue(storageText: text) }
    }
}
