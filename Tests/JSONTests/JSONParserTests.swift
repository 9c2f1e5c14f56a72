import JSON
import Testing

@Suite struct JSONParserTests {
    @Test func parsesEveryValueKind() throws {
        let value = try JSONParser.parse(Array(#"{"a":[1,-2.5e3,true,false,null],"b":"x\u00e9\n\"","c":{}}"#.utf8))
        #expect(value == [
            "a": [.number("1"), .number("-2.5e3"), true, false, .null],
            "b": "xé\n\"",
            "c": .object(JSONObject()),
        ])
    }

    @Test func keepsNumbersAsWritten() throws {
        #expect(try JSONParser.parse(Array("9.90".utf8)) == .number("9.90"))
    }

    @Test func decodesSurrogatePairs() throws {
        #expect(try JSONParser.parse(Array(#""\ud83d\ude00""#.utf8)) == "😀")
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "\"\u{01}\"", "tru", "{} {}", "\"\\ud800\"", "[1 2]",
    ])
    func rejectsMalformedDocuments(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func refusesDeepNestingWithoutRecursingFurther() {
        let hostile = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(throws: JSONSyntaxError(offset: JSONParser.defaultMaximumDepth, reason: "nesting deeper than 64 levels")) {
            try JSONParser.parse(hostile)
        }
    }

    @Test func serialisesBackToEquivalentJSON() throws {
        let value: JSONValue = ["s": "tab\there \"quoted\" \u{01}", "n": .number("3"), "l": [true, .null]]
        #expect(try JSONParser.parse(value.serialized()) == value)
    }
}
