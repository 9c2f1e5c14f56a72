import JSON
import Mustache
import Testing

/// Sections over lists and partials multiply each other, so a template and data of a few hundred
/// bytes can ask for billions of steps; rendering stops at a budget of tag visits and output bytes
/// with an error naming where, instead of hanging until the Lambda deadline.
@Suite struct MustacheBudgetTests {
    @Test func everyVariableSectionPassAndPartialCountsOneVisit() throws {
        // 1 section + 3 passes + 3 variables + 1 partial = 8 visits.
        let template = try MustacheTemplate("{{#list}}{{.}}{{/list}}{{> end}}")
        let partials = ["end": try MustacheTemplate("!")]
        let data: JSONValue = ["list": [1, 2, 3]]
        let enough = MustacheRenderOptions(isStrict: true, maximumTagVisits: 8)
        #expect(try template.render(data, partials: partials, options: enough) == "123!")
        let tooFew = MustacheRenderOptions(isStrict: true, maximumTagVisits: 7)
        #expect(throws: MustacheError.tooManyTagVisits(limit: 7, at: MustacheLocation(line: 1, column: 24))) {
            try template.render(data, partials: partials, options: tooFew)
        }
    }

    /// Twenty sections over a list of three: 3^20 (about 3.5 billion) passes.
    @Test func nestedSectionsOverAListStopAtTheDefaultBudget() throws {
        let source = String(repeating: "{{#list}}", count: 20) + "x" + String(repeating: "{{/list}}", count: 20)
        let limit = MustacheRenderOptions.standard.maximumTagVisits
        #expect {
            try MustacheTemplate(source).render(["list": [1, 2, 3]])
        } throws: { error in
            if case .tooManyTagVisits(limit, _)? = error as? MustacheError { true } else { false }
        }
    }

    /// A partial that includes itself twice for each child, over a chain of 30 children that ends
    /// the recursion within the partial depth limit: 2^30 inclusions.
    @Test func aPartialIncludingItselfTwicePerLevelStopsAtTheDefaultBudget() throws {
        var chain: JSONValue = ["child": .null]
        for _ in 1...30 { chain = ["child": chain] }
        let partials = ["node": try MustacheTemplate("{{#child}}{{> node}}{{> node}}{{/child}}")]
        let limit = MustacheRenderOptions.strict.maximumTagVisits
        #expect {
            try MustacheTemplate("{{> node}}").render(chain, partials: partials, options: .strict)
        } throws: { error in
            if case .tooManyTagVisits(limit, let location)? = error as? MustacheError { location.partial == "node" } else { false }
        }
    }

    @Test func outputPastTheLimitIsRefusedAtTheNextTag() throws {
        let options = MustacheRenderOptions(isStrict: false, maximumOutputBytes: 1_000)
        let data: JSONValue = ["list": .array(Array(repeating: 1, count: 20)), "text": .string(String(repeating: "a", count: 100))]
        #expect(throws: MustacheError.outputTooLarge(limit: 1_000, at: MustacheLocation(line: 1, column: 1))) {
            try MustacheTemplate("{{#list}}{{text}}{{/list}}").render(data, options: options)
        }
    }

    @Test func budgetErrorsSayWhereRenderingStopped() {
        let location = MustacheLocation(line: 3, column: 7, partial: "row")
        #expect(MustacheError.tooManyTagVisits(limit: 10, at: location).description.contains("line 3, column 7 of partial `row`"))
        #expect(MustacheError.outputTooLarge(limit: 10, at: location).description.contains("over 10 bytes"))
    }
}
