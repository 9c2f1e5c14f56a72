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
        #expect(throws: MustacheError.missingVariable("order.id", at: MustacheLocation(line: 3, column: 15))) {
            try template.render(Self.order, options: .strict)
        }
    }

    @Test func theMissingVariableErrorReadsWell() {
        let error = MustacheError.missingVariable("order.id", at: MustacheLocation(line: 3, column: 15))
        #expect(error.description == "missing variable `order.id` at line 3, column 15")
    }

    @Test func strictRenderingReportsABrokenDottedChainAsMissing() throws {
        #expect(throws: MustacheError.missingVariable("order.customer.name", at: MustacheLocation(line: 1, column: 1))) {
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
        #expect(throws: MustacheError.missingVariable("x", at: MustacheLocation(line: 1, column: 5))) {
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
        let expected = MustacheError.missingVariable("sender", at: MustacheLocation(line: 2, column: 1, partial: "footer"))
        #expect(throws: expected) {
            try MustacheTemplate("Hi\n{{> footer}}").render([:], partials: partials, options: .strict)
        }
        #expect(expected.description == "missing variable `sender` at line 2, column 1 of partial `footer`")
    }
}
