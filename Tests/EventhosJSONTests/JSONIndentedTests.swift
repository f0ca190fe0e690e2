import EventhosJSON
import Testing

@Suite struct JSONIndentedTests {
    @Test func containersTakeOneLinePerMemberInTheirOrder() throws {
        let value = try JSONParser.parse(Array(#"{"z":1,"a":[true,null,{"q":"x\"y"}],"e":{},"l":[],"d":2.5}"#.utf8))
        #expect(
            value.indentedString == """
                {
                  "z": 1,
                  "a": [
                    true,
                    null,
                    {
                      "q": "x\\"y"
                    }
                  ],
                  "e": {},
                  "l": [],
                  "d": 2.5
                }
                """)
        #expect(try JSONParser.parse(Array(value.indentedString.utf8)) == value, "it reads back to the same value")
    }

    @Test func scalarsAreWrittenAsCompactJSON() {
        #expect(JSONValue.string("a\nb").indentedString == #""a\nb""#)
        #expect(JSONValue.int(-3).indentedString == "-3")
    }
}
