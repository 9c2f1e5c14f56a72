import Mustache
import Testing

@Suite struct MustacheSyntaxErrorTests {
    @Test func reportsAnUnclosedTag() {
        #expect(throws: MustacheError.unclosedTag(expected: "}}", at: MustacheLocation(line: 2, column: 4))) {
            try MustacheTemplate("line one\nHi {{name")
        }
    }

    @Test func reportsAnUnclosedTripleMustache() {
        #expect(throws: MustacheError.unclosedTag(expected: "}}}", at: MustacheLocation(line: 1, column: 1))) {
            try MustacheTemplate("{{{name}}")
        }
    }

    @Test func reportsAnUnclosedSectionAtItsOpeningTag() {
        #expect(throws: MustacheError.unclosedSection("items", at: MustacheLocation(line: 2, column: 3))) {
            try MustacheTemplate("<ul>\n  {{#items}}\n  <li>{{name}}</li>\n</ul>")
        }
    }

    @Test func reportsASectionClosedInTheWrongOrder() {
        #expect(throws: MustacheError.mismatchedSectionClose(expected: "b", found: "a", at: MustacheLocation(line: 1, column: 13))) {
            try MustacheTemplate("{{#a}}{{#b}}{{/a}}{{/b}}")
        }
    }

    @Test func reportsASectionCloseWithoutAnOpenSection() {
        #expect(throws: MustacheError.unexpectedSectionClose("a", at: MustacheLocation(line: 1, column: 2))) {
            try MustacheTemplate("x{{/a}}")
        }
    }

    @Test(arguments: ["{{=<%%>=}}", "{{=<% % %>=}}", "{{==< %>=}}", "{{= =}}"])
    func reportsABadDelimiterChange(_ source: String) {
        #expect {
            try MustacheTemplate("ok\n" + source)
        } throws: { error in
            guard case .invalidDelimiters(_, let location)? = error as? MustacheError else { return false }
            return location == MustacheLocation(line: 2, column: 1)
        }
    }

    @Test(arguments: ["{{}}", "{{ }}", "{{a b}}", "{{a..b}}", "{{.a}}", "{{a.}}", "{{#}}{{/}}", "{{>}}"])
    func reportsAnInvalidTagName(_ source: String) {
        #expect {
            try MustacheTemplate(source)
        } throws: { error in
            if case .invalidTagName? = error as? MustacheError { true } else { false }
        }
    }

    @Test func refusesSectionsNestedBeyondTheLimit() {
        let depth = MustacheTemplate.maximumSectionDepth
        let source = String(repeating: "{{#a}}", count: depth + 1) + String(repeating: "{{/a}}", count: depth + 1)
        #expect(throws: MustacheError.sectionsNestedTooDeep(limit: depth, at: MustacheLocation(line: 1, column: depth * 6 + 1))) {
            try MustacheTemplate(source)
        }
    }

    @Test func acceptsSectionsNestedUpToTheLimit() throws {
        let depth = MustacheTemplate.maximumSectionDepth
        let source = String(repeating: "{{#a}}", count: depth) + "x" + String(repeating: "{{/a}}", count: depth)
        #expect(try MustacheTemplate(source).render(["a": true]) == "x")
    }

    @Test func errorsReadWell() {
        #expect(MustacheError.unclosedSection("items", at: MustacheLocation(line: 2, column: 3)).description
            == "section `items` opened at line 2, column 3 is never closed")
        #expect(MustacheError.mismatchedSectionClose(expected: "b", found: "a", at: MustacheLocation(line: 1, column: 13)).description
            == "`a` is closed at line 1, column 13 but the open section is `b`")
    }
}
