@testable import NotifierHandler
import Testing

@Suite struct PlainTextFromHTMLTests {
    // MARK: What is dropped

    @Test func dropsTheHeadStylesScriptsAndComments() {
        let html = """
            <!DOCTYPE html><html><head><title>Receipt</title><meta charset="utf-8">
            <style>p { color: red; }</style></head>
            <body><!-- tracking --><script>var x = "<p>no</p>";</script><p>Thanks!</p><!--[if mso]><p>Outlook</p><![endif]--></body></html>
            """
        #expect(PlainText.fromHTML(html) == "Thanks!\n")
    }

    @Test func aHeadWithoutItsEndTagEndsAtTheBody() {
        #expect(PlainText.fromHTML("<html><head><meta name=x><body><p>Hi</p>") == "Hi\n")
    }

    @Test func rawTextEndTagsAreFoundWhateverTheirCase() {
        #expect(PlainText.fromHTML("<STYLE>a{}</Style><p>kept</p>") == "kept\n")
    }

    // MARK: Blocks and lines

    @Test func paragraphsAreSeparatedByOneBlankLine() {
        #expect(PlainText.fromHTML("<p>One</p><p>Two</p>") == "One\n\nTwo\n")
    }

    @Test func divsAndLineBreaksStartNewLines() {
        #expect(PlainText.fromHTML("<div>One</div><div>Two<br>Three</div>") == "One\nTwo\nThree\n")
    }

    @Test func twoLineBreaksLeaveABlankLine() {
        #expect(PlainText.fromHTML("One<br><br>Two") == "One\n\nTwo\n")
    }

    @Test func neverLeavesMoreThanOneBlankLine() {
        let html = "<p>One</p><p></p><div><p>&nbsp;</p></div><br><br><br><table></table><p>Two</p>"
        #expect(PlainText.fromHTML(html) == "One\n\nTwo\n")
    }

    @Test func headingsKeepTheirTextAndTheTopTwoAreUnderlined() {
        let html = "<h1>Your order</h1><h2>Items – 2</h2><h3>Notes</h3><p>None</p>"
        #expect(PlainText.fromHTML(html) == "Your order\n==========\n\nItems – 2\n---------\n\nNotes\n\nNone\n")
    }

    // MARK: Lists

    @Test func unorderedListItemsStartWithADash() {
        #expect(PlainText.fromHTML("<p>You ordered:</p><ul><li>Widget</li><li>Gadget</li></ul><p>Bye</p>")
            == "You ordered:\n\n- Widget\n- Gadget\n\nBye\n")
    }

    @Test func orderedListItemsAreNumberedFromTheStartAttribute() {
        #expect(PlainText.fromHTML("<ol><li>a<li>b</ol><ol start=\"7\"><li>c</li></ol>") == "1. a\n2. b\n\n7. c\n")
    }

    @Test func nestedListsAreIndented() {
        #expect(PlainText.fromHTML("<ul><li>Fruit<ul><li>Apple</li><li>Pear</li></ul></li><li>Bread</li></ul>")
            == "- Fruit\n  - Apple\n  - Pear\n- Bread\n")
    }

    @Test func paragraphsInsideItemsDoNotDoubleSpaceTheList() {
        #expect(PlainText.fromHTML("<ul><li><p>One</p></li><li><p>Two</p></li></ul>") == "- One\n- Two\n")
    }

    // MARK: Tables

    @Test func anOrderItemsTableReadsRowByRow() {
        let html = """
            <table cellpadding="4">
              <thead><tr><th align="left">Item</th><th>Quantity</th><th>Unit price</th></tr></thead>
              <tbody>
                <tr><td>Widget &amp; case</td><td> 2 </td><td>&euro;9.90</td></tr>
                <tr><td>Gadget</td><td>1</td><td>&euro;12.50</td></tr>
              </tbody>
            </table>
            <p>Total: &euro;32.30</p>
            """
        #expect(PlainText.fromHTML(html) == """
            Item | Quantity | Unit price
            Widget & case | 2 | €9.90
            Gadget | 1 | €12.50

            Total: €32.30

            """)
    }

    @Test func emptyAndSpacerCellsAddNoSeparators() {
        #expect(PlainText.fromHTML("<table><tr><td></td><td>a</td><td>&nbsp;</td><td>b</td></tr></table>") == "a | b\n")
    }

    @Test func cellsWrappedInParagraphsStayOnTheirRow() {
        let html = "<table><tr><td><p>Widget</p></td><td><p>2</p></td></tr><tr><td><p>Gadget</p></td><td><p>1</p></td></tr></table>"
        #expect(PlainText.fromHTML(html) == "Widget | 2\nGadget | 1\n")
    }

    @Test func aLayoutTableReadsLikeItsContent() {
        let html = """
            <table width="100%"><tr><td align="center">
              <table width="600"><tr><td><h1>Hello</h1><p>Your order has shipped.</p></td></tr>
              <tr><td><p>Thanks</p></td></tr></table>
            </td></tr></table>
            """
        #expect(PlainText.fromHTML(html) == "Hello\n=====\n\nYour order has shipped.\n\nThanks\n")
    }

    // MARK: Links and images

    @Test func linksShowTheirAddressAfterTheirText() {
        #expect(PlainText.fromHTML(#"Track it <a href="https://ship.example/t?a=1&amp;b=2">here</a>."#)
            == "Track it here (https://ship.example/t?a=1&b=2).\n")
    }

    @Test(arguments: [
        #"<a href="https://shop.example/">https://shop.example/</a>"#,
        #"<a href="https://shop.example/">shop.example</a>"#,
        #"<a href="mailto:help@shop.example">help@shop.example</a>"#,
    ])
    func linksWhoseTextIsTheAddressShowItOnce(_ html: String) {
        #expect(!PlainText.fromHTML(html).contains("("))
    }

    @Test func aLinkWithoutTextShowsItsAddress() {
        #expect(PlainText.fromHTML(#"<a href="https://shop.example"><img src="logo.png"></a>"#) == "https://shop.example\n")
    }

    @Test func anchorAndScriptLinksShowNoAddress() {
        #expect(PlainText.fromHTML(##"<a href="#top">Top</a> <a href="javascript:void(0)">Menu</a> <a>Plain</a>"##) == "Top Menu Plain\n")
    }

    @Test func imagesBecomeTheirAltText() {
        #expect(PlainText.fromHTML(#"<p><img src="logo.png" alt="Shop &amp; Co"> <img src="spacer.gif" alt=""> News</p>"#)
            == "Shop & Co News\n")
    }

    // MARK: Characters

    @Test func namedAndNumericReferencesAreDecoded() {
        #expect(PlainText.fromHTML("&lt;b&gt; &quot;q&quot; &#39;s&apos; &copy; &euro; &mdash; &ndash; &hellip; &#8364; &#x20AC; &#X1F600; &eacute;&szlig;")
            == "<b> \"q\" 's' © € — – … € € 😀 éß\n")
    }

    @Test func textThatOnlyLooksLikeAReferenceStaysAsWritten() {
        #expect(PlainText.fromHTML("AT&T &bogus; a & b &amp &#xZZ; &#;") == "AT&T &bogus; a & b &amp &#xZZ; &#;\n")
    }

    @Test func invalidCodePointsBecomeTheReplacementCharacter() {
        #expect(PlainText.fromHTML("a&#0;b&#xD800;c&#x110000;d") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\n")
    }

    @Test func nonBreakingSpacesAreOrdinarySpacesAndInvisibleCharactersVanish() {
        #expect(PlainText.fromHTML("a&nbsp;&nbsp;b\u{A0}c &zwnj;&shy;d&#8203;e") == "a b c de\n")
    }

    @Test func aLessThanSignThatOpensNoTagIsText() {
        #expect(PlainText.fromHTML("1 < 2 and 3 <= 4 <") == "1 < 2 and 3 <= 4 <\n")
    }

    // MARK: Whitespace and the end

    @Test func whitespaceRunsCollapseAndLinesAreTrimmed() {
        #expect(PlainText.fromHTML("<p>\n   Hello,\t\t<b>Ada</b>\n\n  Lovelace  </p>\n<p>  x  </p>") == "Hello, Ada Lovelace\n\nx\n")
    }

    @Test func inlineTagsDoNotSplitWords() {
        #expect(PlainText.fromHTML("<p><b>Bold</b><i>italic</i> <span>and</span><o:p></o:p> more</p>") == "Bolditalic and more\n")
    }

    @Test func uppercaseTagsAreRecognised() {
        #expect(PlainText.fromHTML("<P>One<BR/>Two</P><UL><LI>x</LI></UL>") == "One\nTwo\n\n- x\n")
    }

    @Test func htmlWithoutTextGivesTheEmptyString() {
        #expect(PlainText.fromHTML("<html><head><title>t</title></head><body><p> </p><br></body></html>") == "")
    }

    @Test func everyTruncationOfADocumentConvertsToCleanText() {
        let html = #"<html><head><style>x</style></head><body><h1>Hi &amp; bye</h1><!-- c --><table><tr><td><a href="https://x.example/?a=1&amp;b">link</a></td><td><img alt='logo'></td></tr></table><ol><li>one</li></ol></body></html>"#
        for length in 0...html.utf8.count {
            let text = PlainText.fromHTML(String(decoding: html.utf8.prefix(length), as: UTF8.self))
            #expect(text.isEmpty || (text.hasSuffix("\n") && !text.hasSuffix("\n\n") && !text.hasPrefix("\n")), "\(length)")
            #expect(!text.split(separator: "\n").contains { $0.hasSuffix(" ") || $0.hasPrefix(" ") }, "\(length)")
        }
    }
}
