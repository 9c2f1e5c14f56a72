import TestSupport
import Foundation
import Testing
import WallClock
@testable import EmailKit

/// Every message shape the writer produces, parsed back by Python's `email` package
/// (`Tests/Oracles/mime_parse.py`), an implementation that shares nothing with ours.
@Suite struct MIMEWriterOracleTests {
    // MARK: Message shapes

    @Test func plainTextMessageIsASingleTextPart() throws {
        let text = "Hello Ada,\n\nthe build is green.\n"
        let parsed = try Self.parse(Self.message(textBody: text))
        try Self.expectWellFormed(parsed)
        #expect(parsed.tree == "text/plain")
        #expect(parsed.text == text)
    }

    @Test func htmlOnlyMessageIsASingleHTMLPart() throws {
        let html = "<p>Hello <b>Ada</b> — the build is green.</p>"
        let parsed = try Self.parse(Self.message(htmlBody: html))
        try Self.expectWellFormed(parsed)
        #expect(parsed.tree == "text/html")
        #expect(parsed.html == html)
    }

    @Test func textAndHTMLBecomeAlternativesWithPlainTextFirst() throws {
        let parsed = try Self.parse(Self.message(textBody: "Plain", htmlBody: "<p>Rich</p>"))
        try Self.expectWellFormed(parsed)
        #expect(parsed.tree == "multipart/alternative(text/plain,text/html)")
        #expect(parsed.text == "Plain")
        #expect(parsed.html == "<p>Rich</p>")
    }

    @Test func inlineImagesTravelWithTheHTMLInMultipartRelated() throws {
        let image = TestBytes.pseudoRandom(count: 3_000, seed: 7)
        let parsed = try Self.parse(Self.message(
            textBody: "See the logo.",
            htmlBody: "<img src=\"cid:logo@example.com\">",
            attachments: [EmailAttachment(filename: "logo.png", contentType: "image/png", data: image, contentID: "logo@example.com")]
        ))
        try Self.expectWellFormed(parsed)
        #expect(parsed.tree == "multipart/alternative(text/plain,multipart/related(text/html,image/png))")
        let attachment = try #require(parsed.attachments.first)
        #expect(attachment.contentID == "<logo@example.com>")
        #expect(attachment.disposition == "inline")
        #expect(attachment.sha256 == TestBytes.sha256Hex(image))
    }

    @Test func inlineImagesWithoutHTMLBecomeOrdinaryParts() throws {
        let image = TestBytes.pseudoRandom(count: 100, seed: 8)
        let parsed = try Self.parse(Self.message(
            textBody: "No HTML to show it in.",
            attachments: [EmailAttachment(filename: "logo.png", contentType: "image/png", data: image, contentID: "logo")]
        ))
        try Self.expectWellFormed(parsed)
        #expect(parsed.tree == "multipart/mixed(text/plain,image/png)")
        #expect(parsed.attachments.first?.sha256 == TestBytes.sha256Hex(image))
    }

    @Test func attachmentsWithNonASCIINamesKeepTheirNames() throws {
        let pdf = TestBytes.pseudoRandom(count: 5_000, seed: 1)
        let sheet = TestBytes.pseudoRandom(count: 1_234, seed: 2)
        let parsed = try Self.parse(Self.message(
            textBody: "Two files.",
            attachments: [
                EmailAttachment(filename: "Résumé – 2026.pdf", contentType: "application/pdf", data: pdf),
                EmailAttachment(
                    filename: "报告.xlsx",
                    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    data: sheet
                ),
            ]
        ))
        try Self.expectWellFormed(parsed)
        #expect(parsed.tree == "multipart/mixed(text/plain,application/pdf,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)")
        #expect(parsed.attachments.map(\.filename) == ["Résumé – 2026.pdf", "报告.xlsx"])
        #expect(parsed.attachments.map(\.legacyName) == ["Résumé – 2026.pdf", "报告.xlsx"])
        #expect(parsed.attachments.map(\.disposition) == ["attachment", "attachment"])
        #expect(parsed.attachments.map(\.sha256) == [TestBytes.sha256Hex(pdf), TestBytes.sha256Hex(sheet)])
    }

    @Test func attachmentsHeldAsBase64TextParseToTheirBytes() throws {
        let pdf = TestBytes.pseudoRandom(count: 10_001, seed: 21)
        let image = TestBytes.pseudoRandom(count: 2_048, seed: 22)
        let parsed = try Self.parse(Self.message(
            textBody: "Two files, sent as the producer encoded them.",
            htmlBody: "<img src=\"cid:chart\">",
            attachments: [
                EmailAttachment(filename: "report.pdf", contentType: "application/pdf", base64: try Self.canonicalBase64(of: pdf)),
                EmailAttachment(filename: "chart.png", contentType: "image/png", base64: try Self.canonicalBase64(of: image), contentID: "chart"),
            ]
        ))
        try Self.expectWellFormed(parsed)
        #expect(parsed.tree == "multipart/mixed(multipart/alternative(text/plain,multipart/related(text/html,image/png)),application/pdf)")
        #expect(parsed.attachments.map(\.sha256) == [TestBytes.sha256Hex(image), TestBytes.sha256Hex(pdf)])
        #expect(parsed.maxLineLength <= 76)
    }

    @Test func longNonASCIIFilenameSurvivesRFC2231Continuations() throws {
        let filename = String(repeating: "Quartalsübersicht für München ", count: 6) + "👨‍👩‍👧‍👦.pdf"
        let parsed = try Self.parse(Self.message(
            textBody: "Long name.",
            attachments: [EmailAttachment(filename: filename, contentType: "application/pdf", data: [1, 2, 3])]
        ))
        try Self.expectWellFormed(parsed)
        #expect(parsed.attachments.first?.filename == filename)
        #expect(parsed.attachments.first?.legacyName == filename)
        #expect(parsed.maxLineLength <= 76)
    }

    @Test func emojiAndCJKSubjectDecodesToTheOriginal() throws {
        let subject = "🎉 Launch día — 発売日のお知らせ 👨‍👩‍👧‍👦🇯🇵 잘 부탁드립니다 " + String(repeating: "漢字", count: 40)
        let parsed = try Self.parse(Self.message(subject: subject, textBody: "Body"))
        try Self.expectWellFormed(parsed)
        #expect(parsed.subject == subject)
        #expect(parsed.maxHeaderLineLength <= 76)
    }

    @Test func longASCIISubjectFoldsAndDecodesToTheOriginal() throws {
        let subject = (1...40).map { "word\($0)" }.joined(separator: " ")
        let parsed = try Self.parse(Self.message(subject: subject, textBody: "Body"))
        try Self.expectWellFormed(parsed)
        #expect(parsed.subject == subject)
        #expect(parsed.maxHeaderLineLength <= 76)
    }

    @Test func twoThousandCharacterLinesAreWrappedAndRestored() throws {
        let asciiLine = String(repeating: "0123456789", count: 200)
        let nonASCIILine = String(repeating: "Grüße, 世界! ", count: 200)
        let text = asciiLine + "\n" + nonASCIILine + "\n"
        let parsed = try Self.parse(Self.message(textBody: text, htmlBody: "<p>\(nonASCIILine)</p>"))
        try Self.expectWellFormed(parsed)
        #expect(parsed.text == text)
        #expect(parsed.html == "<p>\(nonASCIILine)</p>")
        #expect(parsed.maxLineLength <= 76)
    }

    @Test func quotedPrintableEdgeCasesSurviveTheRoundTrip() throws {
        let text = "trailing space \ntrailing tab\t\n.\n.leading dot\nFrom the start\n= sign =3D\n--=_ looks like a boundary\nend"
        let parsed = try Self.parse(Self.message(textBody: text))
        try Self.expectWellFormed(parsed)
        #expect(parsed.text == text)
    }

    @Test func everyLineBreakStyleBecomesCRLF() throws {
        let parsed = try Self.parse(Self.message(textBody: "one\rtwo\nthree\r\nfour"))
        try Self.expectWellFormed(parsed)
        #expect(parsed.text == "one\ntwo\nthree\nfour")
    }

    @Test func tenMegabyteAttachmentRoundTrips() throws {
        let data = TestBytes.pseudoRandom(count: 10 * 1024 * 1024, seed: 42)
        let parsed = try Self.parse(Self.message(
            textBody: "A large file.",
            attachments: [EmailAttachment(filename: "large.bin", contentType: "application/octet-stream", data: data)]
        ))
        try Self.expectWellFormed(parsed)
        #expect(parsed.attachments.first?.size == data.count)
        #expect(parsed.attachments.first?.sha256 == TestBytes.sha256Hex(data))
        #expect(parsed.maxLineLength <= 76)
    }

    /// Non-ASCII names here fit one encoded-word each: Python 3.11 wrongly puts a space
    /// between adjacent encoded-words in a display name (CPython gh-128110), so longer
    /// names are checked against RFC 2047 directly in `HeaderFieldTests`.
    @Test func displayNamesWithQuotesCommasAndNonASCIIAreKept() throws {
        let names = [
            "Lovelace, Ada \"The Countess\"",
            "Back\\slash (and parens)",
            "Zoë Ünicode-Müller",
            "田中 太郎",
            "=?utf-8?B?bm90IGVuY29kZWQ=?=",
            "Plain Name",
            String(repeating: "Very Long Display Name, ", count: 8),
            " Spaced  Out ",
        ]
        let recipients = try names.enumerated().map { index, name in
            try EmailAddress(address: "person\(index)@example.com", displayName: name)
        }
        let parsed = try Self.parse(Self.message(to: recipients, textBody: "Hi all"))
        try Self.expectWellFormed(parsed)
        #expect(parsed.to.map(\.name) == names)
        #expect(parsed.to.map(\.address) == recipients.map(\.asciiAddress))
        #expect(parsed.maxHeaderLineLength <= 76)
    }

    /// Names with a word too long for a line go as several encoded-words, which Python joins
    /// with a space (gh-128110, above): here Python checks the lines, `HeaderFieldTests` the text.
    @Test func displayNamesWithWordsLongerThanALineKeepLinesWithin78Characters() throws {
        let long = String(repeating: "x", count: 90)
        let recipients = try [long, "Ada \(long)", "Lovelace, \(long)"].enumerated().map { index, name in
            try EmailAddress(address: "person\(index)@example.com", displayName: name)
        }
        let parsed = try Self.parse(Self.message(to: recipients, textBody: "Hi all"))
        try Self.expectWellFormed(parsed)
        #expect(parsed.to.map(\.address) == recipients.map(\.asciiAddress))
        #expect(parsed.maxHeaderLineLength <= 78)
    }

    @Test func sizeIsExactlyTheLengthOfWhatIsWritten() throws {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let texts = ["Body", "line\nbreaks\r\nof\revery\r\rkind\n\n", "Grüße, 世界!\n" + String(repeating: "long line ", count: 40) + ".dot",
                     String(repeating: "=_ x \t\n", count: 300), "ends with CR\r"]
        var messages: [EmailMessage] = []
        for text in texts {
            messages.append(try Self.message(subject: "Status \(text.count)", textBody: text))
            messages.append(try Self.message(textBody: text, htmlBody: "<p>\(text)</p>", attachments: [
                EmailAttachment(filename: "a.bin", contentType: "application/octet-stream", data: bytes),
                EmailAttachment(filename: "Überweisung ünd Rechnung, sehr lang \(text.count).pdf", contentType: "application/pdf",
                                base64: try Self.canonicalBase64(of: Array(bytes.prefix(1_001)))),
                EmailAttachment(filename: "logo.png", contentType: "image/png", data: [1, 2, 3], contentID: "logo@example.com"),
            ]))
        }
        for message in messages {
            #expect(try MIMEWriter.size(of: message) == MIMEWriter().write(message).count)
        }
    }

    @Test func internationalDomainRecipientIsSentAsPunycode() throws {
        let recipient = try EmailAddress(parsing: "Jürgen <jurgen@bücher.example>")
        let parsed = try Self.parse(Self.message(to: [recipient], textBody: "Hallo"))
        try Self.expectWellFormed(parsed)
        #expect(parsed.to == [.init(name: "Jürgen", address: "jurgen@xn--bcher-kva.example")])
    }

    @Test func senderCopiesAndReplyToAreAllWritten() throws {
        var message = try Self.message(textBody: "Hi")
        message.cc = [try EmailAddress(parsing: "Cee <cc@example.com>")]
        message.replyTo = [try EmailAddress(parsing: "replies@example.com"), try EmailAddress(parsing: "Ops <ops@example.org>")]
        let parsed = try Self.parse(message)
        try Self.expectWellFormed(parsed)
        #expect(parsed.from == [.init(name: "Notifier", address: "notifier@example.com")])
        #expect(parsed.cc == [.init(name: "Cee", address: "cc@example.com")])
        #expect(parsed.replyTo == [.init(name: "", address: "replies@example.com"), .init(name: "Ops", address: "ops@example.org")])
    }

    @Test func bccRecipientsNeverAppearInTheMessage() throws {
        var message = try Self.message(textBody: "Hi")
        message.bcc = [try EmailAddress(parsing: "Hidden <hidden@example.com>")]
        let raw = try Self.write(message)
        let parsed = try PythonOracle.decode(ParsedMessage.self, from: "mime_parse.py", input: raw)
        try Self.expectWellFormed(parsed)
        #expect(!parsed.headerNames.contains { $0.lowercased() == "bcc" })
        #expect(!String(decoding: raw, as: UTF8.self).contains("hidden@example.com"))
    }

    @Test func customHeadersAreWrittenAfterTheStandardOnesAndDecode() throws {
        var message = try Self.message(textBody: "Hi")
        message.headers = [
            EmailHeader(name: "List-Unsubscribe", value: "<https://example.com/unsubscribe?token=\(String(repeating: "a1", count: 60))>"),
            EmailHeader(name: "X-Campaign", value: "Été 2026 — 夏"),
        ]
        let parsed = try Self.parse(message)
        try Self.expectWellFormed(parsed)
        #expect(Array(parsed.headerNames.prefix(10)) == [
            "From", "To", "Subject", "Date", "Message-ID", "MIME-Version",
            "List-Unsubscribe", "X-Campaign", "Content-Type", "Content-Transfer-Encoding",
        ])
        #expect(parsed.header("List-Unsubscribe") == message.headers[0].value)
        #expect(parsed.header("X-Campaign") == message.headers[1].value)
    }

    @Test func dateAndMessageIDParseAsGiven() throws {
        let raw = try MIMEWriter().write(try Self.message(textBody: "Hi"), date: Self.date, messageID: "abc.123@example.com")
        let parsed = try PythonOracle.decode(ParsedMessage.self, from: "mime_parse.py", input: raw)
        try Self.expectWellFormed(parsed)
        #expect(parsed.date == "2026-11-21T10:04:05+00:00")
        #expect(parsed.messageID == "<abc.123@example.com>")
    }

    @Test func subjectOnlyMessageIsAnEmptyTextPart() throws {
        let parsed = try Self.parse(Self.message(subject: "Disk full on db-1"))
        try Self.expectWellFormed(parsed)
        #expect(parsed.tree == "text/plain")
        #expect(parsed.text == "")
        #expect(parsed.subject == "Disk full on db-1")
    }

    @Test func everyShapeTogetherNestsMixedAlternativeAndRelated() throws {
        let image = TestBytes.pseudoRandom(count: 2_000, seed: 3)
        let pdf = TestBytes.pseudoRandom(count: 4_000, seed: 4)
        var message = try Self.message(
            subject: "Quarterly report 📈",
            textBody: "See attached.",
            htmlBody: "<p>See attached. <img src=\"cid:chart\"></p>",
            attachments: [
                EmailAttachment(filename: "report.pdf", contentType: "application/pdf", data: pdf),
                EmailAttachment(filename: "chart.png", contentType: "image/png", data: image, contentID: "chart"),
            ]
        )
        message.cc = [try EmailAddress(parsing: "\"Finance, Team\" <finance@example.com>")]
        let parsed = try Self.parse(message)
        try Self.expectWellFormed(parsed)
        #expect(parsed.tree == "multipart/mixed(multipart/alternative(text/plain,multipart/related(text/html,image/png)),application/pdf)")
        #expect(parsed.attachments.map(\.sha256) == [TestBytes.sha256Hex(image), TestBytes.sha256Hex(pdf)])
        #expect(parsed.cc.map(\.name) == ["Finance, Team"])
    }

    // MARK: Support

    static let date = WallClockTime(millisecondsSince1970: 1_795_255_445_000) // 2026-11-21T10:04:05Z

    static func message(
        to: [EmailAddress]? = nil,
        subject: String = "Status",
        textBody: String? = nil,
        htmlBody: String? = nil,
        attachments: [EmailAttachment] = []
    ) throws -> EmailMessage {
        let from = try EmailAddress(parsing: "Notifier <notifier@example.com>")
        let ada = try EmailAddress(parsing: "Ada <ada@example.com>")
        return EmailMessage(from: from, to: to ?? [ada], subject: subject, textBody: textBody, htmlBody: htmlBody, attachments: attachments)
    }

    static func canonicalBase64(of bytes: [UInt8]) throws -> Base64Text {
        try #require(Base64Text(canonical: Data(bytes).base64EncodedString().utf8))
    }

    static func write(_ message: EmailMessage) throws -> [UInt8] {
        try MIMEWriter().write(message, date: date, messageID: "test.1@example.com")
    }

    static func parse(_ message: EmailMessage) throws -> ParsedMessage {
        try PythonOracle.decode(ParsedMessage.self, from: "mime_parse.py", input: write(message))
    }

    /// What every message must be: see ``ParsedMessage/wellFormednessProblems``.
    static func expectWellFormed(_ parsed: ParsedMessage, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(parsed.wellFormednessProblems.isEmpty, "\(parsed.wellFormednessProblems)", sourceLocation: sourceLocation)
    }
}
