import JSON
import Mustache
import Testing

@Suite struct MustacheRenderingTests {
    static func render(_ template: String, _ json: String) throws -> String {
        try MustacheTemplate(template).render(JSONParser.parse(Array(json.utf8)))
    }

    @Test func escapesTheFiveHTMLSpecialCharacters() throws {
        #expect(try Self.render("{{x}}", #"{"x": "<a href=\"x\">Tom & Jerry's</a>"}"#)
            == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
    }

    @Test func tripleMustacheAndAmpersandLeaveHTMLAsIs() throws {
        #expect(try Self.render("{{{x}}}|{{&x}}", #"{"x": "<b>&</b>"}"#) == "<b>&</b>|<b>&</b>")
    }

    @Test func escapingKeepsNonASCIITextIntact() throws {
        #expect(try Self.render("{{x}}", #"{"x": "Grüße <€> 🎉"}"#) == "Grüße &lt;€&gt; 🎉")
    }

    @Test func rendersOneRowPerOrderItem() throws {
        let template = """
            Order {{id}} for {{order_customer.name}}
            {{#items}}
            - {{quantity}} × {{name}} at {{price_per_unit}}
            {{/items}}
            Total: {{total}}
            """
        let order = #"""
            {"id": 1042, "total": "29.70", "order_customer": {"name": "Ada <Lovelace>"},
             "items": [{"name": "Widget", "quantity": 2, "price_per_unit": "9.90"},
                       {"name": "Gadget & Co", "quantity": 1, "price_per_unit": "9.90"}]}
            """#
        #expect(try Self.render(template, order) == """
            Order 1042 for Ada &lt;Lovelace&gt;
            - 2 × Widget at 9.90
            - 1 × Gadget &amp; Co at 9.90
            Total: 29.70
            """)
    }

    @Test func itemsSeeNamesOfEnclosingContexts() throws {
        #expect(try Self.render("{{#items}}{{name}} ({{currency}}) {{/items}}", #"{"currency": "EUR", "items": [{"name": "a"}, {"name": "b"}]}"#)
            == "a (EUR) b (EUR) ")
    }

    @Test func numbersAreWrittenExactlyAsTheJSONHadThem() throws {
        #expect(try Self.render("{{a}} {{b}} {{c}} {{d}}", #"{"a": 3, "b": 9.90, "c": -0.5e3, "d": 12345678901234567890}"#)
            == "3 9.90 -0.5e3 12345678901234567890")
    }

    @Test func booleansAreWrittenAsTrueAndFalse() throws {
        #expect(try Self.render("{{a}} {{b}}", #"{"a": true, "b": false}"#) == "true false")
    }

    @Test func arraysAndObjectsInterpolateAsTheirJSON() throws {
        #expect(try Self.render("{{a}} {{{o}}}", #"{"a": [1, "x"], "o": {"k": null}}"#) == #"[1,&quot;x&quot;] {"k":null}"#)
    }

    @Test(arguments: [#"false"#, #"null"#, #""""#, #"0"#, #"-0.00"#, #"0e7"#, #"[]"#])
    func falseyValuesSkipSectionsAndShowInvertedOnes(_ value: String) throws {
        #expect(try Self.render("[{{#v}}shown{{/v}}{{^v}}inverted{{/v}}]", #"{"v": \#(value)}"#) == "[inverted]")
    }

    @Test(arguments: [#"true"#, #""0""#, #"" ""#, #"0.01"#, #"-1"#, #"{}"#, #"[0]"#])
    func truthyValuesShowSectionsAndSkipInvertedOnes(_ value: String) throws {
        #expect(try Self.render("[{{#v}}shown{{/v}}{{^v}}inverted{{/v}}]", #"{"v": \#(value)}"#) == "[shown]")
    }

    @Test func aTemplateRendersManyTimesWithDifferentData() throws {
        let template = try MustacheTemplate("Hi {{name}}!")
        #expect(try template.render(["name": "Ada"]) == "Hi Ada!")
        #expect(try template.render(["name": "Grace"]) == "Hi Grace!")
    }
}

extension MustacheRenderingTests {
    @Test func plainTextRenderingLeavesValuesUnescaped() throws {
        let template = try MustacheTemplate("{{name}} & {{{name}}}")
        #expect(try template.render(["name": "Ada & <Co>"], options: .strictPlainText) == "Ada & <Co> & Ada & <Co>")
    }
}
