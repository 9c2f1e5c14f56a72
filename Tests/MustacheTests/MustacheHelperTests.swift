import JSON
import Mustache
import Testing

@Suite struct MustacheHelperTests {
    static let shout = ["shout": MustacheHelper { text in text.isEmpty ? nil : text.uppercased() + "!" }]

    @Test func aHelperSectionReplacesItsRenderedBody() throws {
        let template = try MustacheTemplate("Hi {{#shout}}{{name}}{{/shout}}.")
        #expect(try template.render(["name": "ada"], options: .strict, helpers: Self.shout) == "Hi ADA!.")
    }

    @Test func aHelperSeesTheBodyEscapedForHTML() throws {
        let template = try MustacheTemplate("{{#shout}}{{name}}{{/shout}}")
        #expect(try template.render(["name": "a&b"], helpers: Self.shout) == "A&AMP;B!")
    }

    @Test func aHelperThatRefusesItsInputIsAnErrorWithTheTagsLocation() throws {
        let template = try MustacheTemplate("x\n  {{#shout}}{{/shout}}")
        #expect(throws: MustacheError.helperRefused(helper: "shout", input: "", at: MustacheLocation(line: 2, column: 3))) {
            try template.render([:], helpers: Self.shout)
        }
    }

    @Test func aMissingVariableInAHelperIsReportedNotTheHelper() throws {
        let template = try MustacheTemplate("{{#shout}}{{total}}{{/shout}}")
        #expect(throws: MustacheError.missingVariables([MustacheMissingVariable("total", at: MustacheLocation(line: 1, column: 11))])) {
            try template.render([:], options: .strict, helpers: Self.shout)
        }
    }

    @Test func withoutTheHelperTheSectionIsAnOrdinarySection() throws {
        let template = try MustacheTemplate("{{#shout}}{{.}}{{/shout}}")
        #expect(try template.render(["shout": "quiet"]) == "quiet")
    }
}
