import JSON
import Mustache
import Testing

@Suite struct MustacheMissingValueTests {
    static let template = """
        <h1>Order</h1>
        <p>Hello {{order.customer}},</p>
        <p>Your order {{order.id}} has shipped.</p>
        """
    static let order: JSONValue = ["order": ["customer": "Ada"]]

    @Test func standardRenderingWritesNothingForAMissingVariable() throws {
        #expect(try MustacheTemplate(Self.template).render(Self.order).hasSuffix("<p>Your order  has shipped.</p>"))
    }

    @Test func strictRenderingReportsAMissingVariableWithItsLineAndColumn() throws {
        let template = try MustacheTemplate(Self.template)
        #expect(throws: MustacheError.missingVariables([MustacheMissingVariable("order.id", at: MustacheLocation(line: 3, column: 15))])) {
            try template.render(Self.order, options: .strict)
        }
    }

    @Test func theMissingVariableErrorReadsWell() {
        let error = MustacheError.missingVariables([MustacheMissingVariable("order.id", at: MustacheLocation(line: 3, column: 15))])
        #expect(error.description == "missing variable `order.id` at line 3, column 15")
    }

    @Test func strictRenderingReportsABrokenDottedChainAsMissing() throws {
        #expect(throws: MustacheError.missingVariables([MustacheMissingVariable("order.customer.name", at: MustacheLocation(line: 1, column: 1))])) {
            try MustacheTemplate("{{order.customer.name}}").render(Self.order, options: .strict)
        }
    }

    @Test func strictRenderingWritesNothingForAPresentNull() throws {
        #expect(try MustacheTemplate("[{{note}}]").render(["note": .null], options: .strict) == "[]")
    }

    @Test func strictRenderingTreatsASectionOverAMissingNameAsFalsey() throws {
        let template = try MustacheTemplate("{{#discount}}-{{discount}}{{/discount}}{{^gift}}no gift{{/gift}}")
        #expect(try template.render([:], options: .strict) == "no gift")
    }

    @Test func strictRenderingCountsColumnsInCharactersNotBytes() throws {
        #expect(throws: MustacheError.missingVariables([MustacheMissingVariable("x", at: MustacheLocation(line: 1, column: 5))])) {
            try MustacheTemplate("€ü😀 {{x}}").render([:], options: .strict)
        }
    }

    @Test func standardRenderingWritesNothingForAMissingPartial() throws {
        #expect(try MustacheTemplate("[{{> footer}}]").render([:]) == "[]")
    }

    @Test func strictRenderingReportsAMissingPartial() throws {
        #expect(throws: MustacheError.missingPartial("footer", at: MustacheLocation(line: 2, column: 1))) {
            try MustacheTemplate("body\n{{> footer}}\n").render([:], options: .strict)
        }
    }

    @Test func aMissingVariableInsideAPartialNamesThePartial() throws {
        let partials = ["footer": try MustacheTemplate("Thanks,\n{{sender}}")]
        let expected = MustacheError.missingVariables([MustacheMissingVariable("sender", at: MustacheLocation(line: 2, column: 1, partial: "footer"))])
        #expect(throws: expected) {
            try MustacheTemplate("Hi\n{{> footer}}").render([:], partials: partials, options: .strict)
        }
        #expect(expected.description == "missing variable `sender` at line 2, column 1 of partial `footer`")
    }

    @Test func strictRenderingReportsEveryMissingVariableAtOnceInTemplateOrder() throws {
        let template = try MustacheTemplate("{{a}}\n{{#list}}{{b}}{{/list}} {{c.d}}")
        let expected = MustacheError.missingVariables([
            MustacheMissingVariable("a", at: MustacheLocation(line: 1, column: 1)),
            MustacheMissingVariable("b", at: MustacheLocation(line: 2, column: 10)),
            MustacheMissingVariable("b", at: MustacheLocation(line: 2, column: 10)),
            MustacheMissingVariable("c.d", at: MustacheLocation(line: 2, column: 25)),
        ])
        #expect(throws: expected) {
            try template.render(["list": [1, 2]], options: .strict)
        }
        #expect(expected.description.hasPrefix("missing variable `a` at line 1, column 1; missing variable `b`"))
    }

    @Test func theReportedMissingVariablesAreBounded() throws {
        let template = try MustacheTemplate(String(repeating: "{{x}}", count: 500))
        var options = MustacheRenderOptions.strict
        options.maximumReportedMissingVariables = 3
        do {
            _ = try template.render([:], options: options)
            Issue.record("rendered without an error")
        } catch {
            guard case .missingVariables(let missing) = error else { Issue.record("\(error)"); return }
            #expect(missing.count == 3)
        }
    }
}
