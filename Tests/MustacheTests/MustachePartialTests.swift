import JSON
import Mustache
import Testing

@Suite struct MustachePartialTests {
    /// A tree three levels deep above a leaf, rendered by a partial that includes itself per child.
    static let tree: JSONValue = {
        // The leaf says it has no child; otherwise `child` would resolve in the enclosing context.
        var tree: JSONValue = ["name": "leaf", "child": .null]
        for level in (1...3).reversed() { tree = ["name": .string("n\(level)"), "child": tree] }
        return tree
    }()

    static func treePartials() throws -> [String: MustacheTemplate] {
        ["node": try MustacheTemplate("{{name}}{{#child}}>{{> node}}{{/child}}")]
    }

    @Test func aPartialThatIncludesItselfForeverIsRefused() throws {
        let partials = ["loop": try MustacheTemplate("x{{> loop}}")]
        let limit = MustacheRenderOptions.standard.maximumPartialDepth
        let expected = MustacheError.partialRecursionTooDeep("loop", limit: limit, at: MustacheLocation(line: 1, column: 2, partial: "loop"))
        #expect(throws: expected) {
            try MustacheTemplate("{{> loop}}").render([:], partials: partials)
        }
    }

    @Test func recursionThatTheDataEndsRendersWithinTheLimit() throws {
        let options = MustacheRenderOptions(isStrict: true, maximumPartialDepth: 4)
        let output = try MustacheTemplate("{{> node}}").render(Self.tree, partials: Self.treePartials(), options: options)
        #expect(output == "n1>n2>n3>leaf")
    }

    @Test func recursionOneLevelBeyondTheLimitIsRefused() throws {
        let options = MustacheRenderOptions(isStrict: true, maximumPartialDepth: 3)
        let expected = MustacheError.partialRecursionTooDeep("node", limit: 3, at: MustacheLocation(line: 1, column: 20, partial: "node"))
        #expect(throws: expected) {
            try MustacheTemplate("{{> node}}").render(Self.tree, partials: Self.treePartials(), options: options)
        }
    }

    @Test func theDeepestNestingAHostileTemplateCanReachFailsCleanly() throws {
        let depth = MustacheTemplate.maximumSectionDepth
        let source = String(repeating: "{{#a}}", count: depth) + "{{> deep}}" + String(repeating: "{{/a}}", count: depth)
        let partials = ["deep": try MustacheTemplate(source)]
        #expect {
            try MustacheTemplate(source).render(["a": [true]], partials: partials)
        } throws: { error in
            if case .partialRecursionTooDeep("deep", _, _)? = error as? MustacheError { true } else { false }
        }
    }

    @Test func aStandalonePartialIsIndentedLikeItsTag() throws {
        let partials = ["items": try MustacheTemplate("<li>{{.}}</li>\n\n<li>end</li>\n")]
        let output = try MustacheTemplate("<ul>\n  {{> items}}\n</ul>\n").render("a", partials: partials)
        #expect(output == "<ul>\n  <li>a</li>\n\n  <li>end</li>\n</ul>\n")
    }

    @Test func nestedStandalonePartialsAddTheirIndentation() throws {
        let partials = [
            "outer": try MustacheTemplate("<div>\n  {{> inner}}\n</div>\n"),
            "inner": try MustacheTemplate("<p>{{x}}</p>\n"),
        ]
        let output = try MustacheTemplate("  {{> outer}}").render(["x": "1"], partials: partials)
        #expect(output == "  <div>\n    <p>1</p>\n  </div>\n")
    }

    @Test func aPartialInsideALineIsNotIndented() throws {
        let partials = ["pair": try MustacheTemplate("a\nb")]
        #expect(try MustacheTemplate("  x {{> pair}}\n").render([:], partials: partials) == "  x a\nb\n")
    }

    @Test func aPartialKeepsItsOwnDelimiters() throws {
        let partials = ["p": try MustacheTemplate("{{x}}")]
        #expect(try MustacheTemplate("{{=<% %>=}}<%> p%> <%x%>").render(["x": "1"], partials: partials) == "1 1")
    }
}
