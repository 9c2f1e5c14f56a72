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
        let path = [JSONPathComponent](repeating: .index(0), count: JSONParser.defaultMaximumDepth)
        #expect(throws: JSONSyntaxError(.overLimit, offset: JSONParser.defaultMaximumDepth, reason: "nesting deeper than 64 levels", path: path)) {
            try JSONParser.parse(hostile)
        }
    }

    @Test func serialisesBackToEquivalentJSON() throws {
        let value: JSONValue = ["s": "tab\there \"quoted\" \u{01}", "n": .number("3"), "l": [true, .null]]
        #expect(try JSONParser.parse(value.serialized()) == value)
    }
}

// MARK: What a document may cost

extension JSONParserTests {
    @Test func aMemberNameGivenTwiceIsAnErrorAtTheSecondOccurrence() {
        let error = #expect(throws: JSONSyntaxError.self) {
            try JSONParser.parse(Array(#"{"to": "ada@example.org", "tags": {"a": "1", "a": "2"}}"#.utf8))
        }
        #expect(error?.kind == .duplicateName)
        #expect(error?.path == [.member("tags"), .member("a")])
        #expect(error?.offset == 48)
    }

    @Test func aDuplicateNameIsFoundInALargeObjectToo() {
        let members = (0..<100).map { #""k\#($0)": 1"# } + [#""k42": 2"#]
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array("{\(members.joined(separator: ","))}".utf8)) }
        #expect(error?.path == [.member("k42")])
        #expect(error?.kind == .duplicateName)
    }

    @Test func anArrayOverTheLimitIsRefusedAtItsPath() throws {
        let elements = [String](repeating: "1", count: JSONParser.maximumContainerCount + 1).joined(separator: ",")
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(#"{"to": [\#(elements)]}"#.utf8)) }
        #expect(error?.kind == .overLimit)
        #expect(error?.path == [.member("to")])
        let atTheLimit = [String](repeating: "1", count: JSONParser.maximumContainerCount).joined(separator: ",")
        #expect(try JSONParser.parse(Array("[\(atTheLimit)]".utf8)).arrayValue?.count == JSONParser.maximumContainerCount)
    }

    @Test func anObjectOverTheLimitIsRefused() {
        let members = (0...JSONParser.maximumContainerCount).map { #""k\#($0)": 1"# }.joined(separator: ",")
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(#"{"headers": {\#(members)}}"#.utf8)) }
        #expect(error?.kind == .overLimit)
        #expect(error?.path == [.member("headers")])
    }

    @Test func aDocumentOfTooManyValuesIsRefusedWhateverItsShape() {
        let inner = "[" + [String](repeating: "1", count: 5_000).joined(separator: ",") + "]"
        let outer = "[" + [String](repeating: inner, count: JSONParser.maximumValueCount / 5_000 + 1).joined(separator: ",") + "]"
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(outer.utf8)) }
        #expect(error?.kind == .overLimit)
    }

    @Test func aPathQuotesLongNamesShortened() {
        let name = String(repeating: "n", count: 1_000)
        let text = JSONPathComponent.text(of: [.member("headers"), .member(name), .index(2)])
        #expect(text == "headers." + String(repeating: "n", count: JSONPathComponent.maximumShownNameLength) + "…[2]")
    }
}
