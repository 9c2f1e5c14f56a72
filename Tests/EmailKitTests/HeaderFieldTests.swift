import Foundation
import Testing
import TestSupport
@testable import EmailKit

@Suite struct HeaderFieldTests {
    // MARK: Folding

    @Test func longTextFoldsAtSpacesWithinTheLineLimit() {
        let text = (1...60).map { "word\($0)" }.joined(separator: " ")
        let field = Self.field("Subject") { $0.appendText(text) }
        #expect(Self.lines(field).allSatisfy { $0.count <= 76 })
        #expect(Self.unfolded(field) == "Subject: " + text)
    }

    @Test func foldsOnlyBeforeASpace() {
        let field = Self.field("Subject") { $0.appendText(String(repeating: "Grüße aus Köln ", count: 20)) }
        let text = String(decoding: field, as: UTF8.self)
        #expect(text.components(separatedBy: "\r\n").dropFirst().allSatisfy { $0.hasPrefix(" ") })
    }

    @Test func wordLongerThanALineStaysWhole() {
        let url = "https://example.com/" + String(repeating: "a", count: 200)
        let field = Self.field("X-Link") { $0.appendText("see \(url)") }
        #expect(Self.unfolded(field) == "X-Link: see \(url)")
        #expect(Self.lines(field).allSatisfy { $0.count <= 998 })
    }

    @Test func wordTooLongForTheLineLimitIsEncodedInstead() throws {
        let word = String(repeating: "a", count: 2_000)
        let field = Self.field("Subject") { $0.appendText(word) }
        #expect(Self.lines(field).allSatisfy { $0.count <= 76 })
        #expect(try Self.decodedValue(field) == word)
    }

    // MARK: Unstructured text

    @Test func emojiAndCJKTextBecomesEncodedWordsThatDecodeToIt() throws {
        let text = "🎉 Launch día — 発売日のお知らせ 👨‍👩‍👧‍👦 " + String(repeating: "漢字", count: 30)
        let field = Self.field("Subject") { $0.appendText(text) }
        #expect(Self.lines(field).allSatisfy { $0.count <= 76 })
        #expect(field.allSatisfy { $0 < 0x80 })
        #expect(try Self.decodedValue(field) == text)
    }

    @Test(arguments: ["=?utf-8?B?SGk=?=", "a  double space", " leading", "trailing ", "tab\there", "bell\u{7}"])
    func textThatPlainWordsWouldAlterIsEncoded(text: String) throws {
        let field = Self.field("Subject") { $0.appendText(text) }
        #expect(String(decoding: field, as: UTF8.self).hasPrefix("Subject: =?utf-8?B?"))
        #expect(try Self.decodedValue(field) == text)
    }

    @Test func plainASCIITextIsWrittenAsIs() {
        let field = Self.field("Subject") { $0.appendText("Build #42 passed (3 warnings)") }
        #expect(String(decoding: field, as: UTF8.self) == "Subject: Build #42 passed (3 warnings)")
    }

    // MARK: Display names

    @Test func atomDisplayNameIsWrittenAsIs() throws {
        let field = try Self.addressField(name: "Ada Lovelace")
        #expect(String(decoding: field, as: UTF8.self) == "To: Ada Lovelace <ada@example.com>")
    }

    @Test func displayNameWithSpecialsIsQuotedWithEscapes() throws {
        let field = try Self.addressField(name: "Lovelace, Ada \"Countess\" \\ L.")
        #expect(String(decoding: field, as: UTF8.self) == "To: \"Lovelace, Ada \\\"Countess\\\" \\\\ L.\" <ada@example.com>")
    }

    @Test func longQuotedDisplayNameFoldsInsideTheQuotesAtItsSpaces() throws {
        let name = String(repeating: "Department of Redundancy, ", count: 6) + " end"
        let field = try Self.addressField(name: name)
        #expect(Self.lines(field).allSatisfy { $0.count <= 76 })
        #expect(Self.unfolded(field) == "To: \"\(name)\" <ada@example.com>")
    }

    @Test func longNonASCIIDisplayNameDecodesPerRFC2047() throws {
        let name = String(repeating: "Zoë Ünicode-Müller ", count: 6) + "田中 太郎"
        let field = try Self.addressField(name: name)
        #expect(Self.lines(field).allSatisfy { $0.count <= 76 })
        let value = Self.unfolded(field).dropFirst("To: ".count)
        let phrase = try #require(value.components(separatedBy: " <").first)
        #expect(try Self.decodedPhrase(phrase) == name)
    }

    @Test(arguments: [70, 74, 80, 200])
    func displayNameWithALongWordKeepsLinesWithin78(wordLength: Int) throws {
        for name in [String(repeating: "a", count: wordLength), "Ada " + String(repeating: "b", count: wordLength) + " Lovelace",
                     "Lovelace, " + String(repeating: "c", count: wordLength)] {
            let field = try Self.addressField(name: name)
            #expect(Self.lines(field).allSatisfy { $0.utf8.count <= 78 }, "\(Self.lines(field).map(\.count))")
            let value = Self.unfolded(field).dropFirst("To: ".count)
            let phrase = try #require(value.components(separatedBy: " <").first)
            let shown = phrase.hasPrefix("=?") ? try Self.decodedPhrase(phrase) : phrase
            #expect(shown == name || shown == "\"\(name)\"")
        }
    }

    @Test func internationalDomainIsPunycodeNeverAnEncodedWord() throws {
        var field = HeaderField(name: "To")
        field.appendAddress(try EmailAddress(parsing: "user@例え.テスト"), followedByComma: false)
        #expect(String(decoding: field.bytes, as: UTF8.self) == "To: user@xn--r8jz45g.xn--zckzah")
    }

    @Test func addressesAreSeparatedByCommas() throws {
        var field = HeaderField(name: "To")
        field.appendAddress(try EmailAddress(parsing: "a@example.com"), followedByComma: true)
        field.appendAddress(try EmailAddress(parsing: "B <b@example.com>"), followedByComma: false)
        #expect(String(decoding: field.bytes, as: UTF8.self) == "To: a@example.com, B <b@example.com>")
    }

    // MARK: File names

    @Test func shortASCIIFilenameIsQuoted() {
        let field = Self.field("Content-Disposition") {
            $0.appendWord("attachment")
            $0.appendFilenameParameter("Q3 report.pdf")
        }
        #expect(String(decoding: field, as: UTF8.self) == "Content-Disposition: attachment; filename=\"Q3 report.pdf\"")
    }

    @Test func nonASCIIFilenameIsPercentEncodedUTF8() {
        let field = Self.field("Content-Disposition") {
            $0.appendWord("attachment")
            $0.appendFilenameParameter("Résumé.pdf")
        }
        #expect(Self.unfolded(field) == "Content-Disposition: attachment; filename*=utf-8''R%C3%A9sum%C3%A9.pdf")
    }

    @Test func longFilenameIsSplitIntoContinuationsOfWholeCharacters() throws {
        let filename = String(repeating: "Überweisung 👨‍👩‍👧‍👦 ", count: 8) + ".pdf"
        let field = Self.field("Content-Disposition") {
            $0.appendWord("attachment")
            $0.appendFilenameParameter(filename)
        }
        #expect(Self.lines(field).allSatisfy { $0.count <= 76 })
        let parameters = Self.unfolded(field).components(separatedBy: "; ").dropFirst()
        var joined = ""
        for (index, parameter) in parameters.enumerated() {
            let prefix = index == 0 ? "filename*0*=utf-8''" : "filename*\(index)*="
            #expect(parameter.hasPrefix(prefix))
            // Each segment decodes on its own: none ends inside a character.
            joined += try #require(parameter.dropFirst(prefix.count).removingPercentEncoding)
        }
        #expect(joined == filename)
    }

    @Test func legacyNameOfNonASCIIFileIsEncodedWordsInsideQuotes() throws {
        let field = Self.field("Content-Type") {
            $0.appendWord("application/pdf")
            $0.appendLegacyNameParameter("报告 " + String(repeating: "季度", count: 20) + ".xlsx")
        }
        #expect(Self.lines(field).allSatisfy { $0.count <= 76 })
        let value = Self.unfolded(field)
        #expect(value.hasPrefix("Content-Type: application/pdf; name=\"=?utf-8?B?") && value.hasSuffix("?=\""))
        let inside = value.components(separatedBy: "name=\"")[1].dropLast()
        #expect(try Self.decodedPhrase(inside) == "报告 " + String(repeating: "季度", count: 20) + ".xlsx")
    }

    // MARK: Support

    static func field(_ name: String, _ build: (inout HeaderField) -> Void) -> [UInt8] {
        var field = HeaderField(name: name)
        build(&field)
        return field.bytes
    }

    static func addressField(name: String) throws -> [UInt8] {
        var field = HeaderField(name: "To")
        field.appendAddress(try EmailAddress(address: "ada@example.com", displayName: name), followedByComma: false)
        return field.bytes
    }

    static func lines(_ field: [UInt8]) -> [String] {
        String(decoding: field, as: UTF8.self).components(separatedBy: "\r\n")
    }

    /// The field as a reader unfolds it (RFC 5322 §2.2.3): CRLF before whitespace removed.
    static func unfolded(_ field: [UInt8]) -> String {
        String(decoding: field, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "")
    }

    /// The value of an unstructured field as Python's `email` package decodes it, which must
    /// find nothing to forgive.
    static func decodedValue(_ field: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let decoded = try MIMEDecodingOracle.field(field)
        #expect(decoded.problems.isEmpty, "\(decoded.problems)", sourceLocation: sourceLocation)
        return decoded.value
    }

    /// `text` with its encoded-words decoded by Python (RFC 2047 §6.2: the white space between
    /// adjacent encoded-words dropped), which must find nothing to forgive.
    static func decodedPhrase(_ text: some StringProtocol, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let decoded = try MIMEDecodingOracle.phrase(text)
        #expect(decoded.problems.isEmpty, "\(decoded.problems)", sourceLocation: sourceLocation)
        return decoded.value
    }
}
