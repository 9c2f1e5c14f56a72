import Foundation
import Testing
import TestSupport
import WallClock
@testable import EmailKit

@Suite struct MIMEWriterTests {
    // MARK: Header injection

    @Test(arguments: ["\r", "\n", "\0"] as [Unicode.Scalar])
    func lineBreakOrNULInSubjectIsRejected(scalar: Unicode.Scalar) throws {
        var message = try Self.message()
        message.subject = "Hello\(scalar)Bcc: victim@example.com"
        #expect(throws: MIMEError.forbiddenCharacter(field: "subject", scalar: scalar)) {
            try Self.write(message)
        }
    }

    @Test func lineBreakInCustomHeaderValueIsRejected() throws {
        var message = try Self.message()
        message.headers = [EmailHeader(name: "X-Fine", value: "ok"), EmailHeader(name: "X-Evil", value: "x\nBcc: victim@example.com")]
        #expect(throws: MIMEError.forbiddenCharacter(field: "headers[1].value", scalar: "\n")) {
            try Self.write(message)
        }
    }

    @Test func lineBreakInCustomHeaderNameIsRejected() throws {
        var message = try Self.message()
        message.headers = [EmailHeader(name: "X-Evil\r\nBcc", value: "victim@example.com")]
        #expect(throws: MIMEError.forbiddenCharacter(field: "headers[0].name", scalar: "\r")) {
            try Self.write(message)
        }
    }

    @Test func lineBreakInFilenameIsRejected() throws {
        var message = try Self.message()
        message.attachments = [EmailAttachment(filename: "a.pdf\r\nBcc: victim@example.com", contentType: "application/pdf", data: [1])]
        #expect(throws: MIMEError.forbiddenCharacter(field: "attachments[0].filename", scalar: "\r")) {
            try Self.write(message)
        }
    }

    @Test func lineBreakInContentTypeIsRejected() throws {
        var message = try Self.message()
        message.attachments = [EmailAttachment(filename: "a.pdf", contentType: "application/pdf\nBcc: victim@example.com", data: [1])]
        #expect(throws: MIMEError.forbiddenCharacter(field: "attachments[0].contentType", scalar: "\n")) {
            try Self.write(message)
        }
    }

    @Test func lineBreakInContentIDIsRejected() throws {
        var message = try Self.message()
        message.htmlBody = "<img src=\"cid:logo\">"
        message.attachments = [EmailAttachment(filename: "logo.png", contentType: "image/png", data: [1], contentID: "logo\r\nBcc: x")]
        #expect(throws: MIMEError.forbiddenCharacter(field: "attachments[0].contentID", scalar: "\r")) {
            try Self.write(message)
        }
    }

    @Test func errorDescriptionNamesTheFieldAndTheCharacter() {
        let error = MIMEError.forbiddenCharacter(field: "headers[2].value", scalar: "\n")
        #expect(error.description.contains("headers[2].value"))
        #expect(error.description.contains("U+000A"))
    }

    // MARK: Custom headers

    @Test(arguments: [
        "From", "to", "CC", "Bcc", "Reply-To", "Subject", "Date", "Message-ID", "mime-version",
        "Content-Type", "Content-Transfer-Encoding", "content-disposition",
    ])
    func customHeaderCannotReplaceAFieldTheWriterOwns(name: String) throws {
        var message = try Self.message()
        message.headers = [EmailHeader(name: name, value: "x")]
        #expect(throws: MIMEError.refusedHeaderName(field: "headers[0].name", name: name, .builtFromMessage)) {
            try Self.write(message)
        }
    }

    @Test(arguments: ["", "X Space", "X:Colon", "Ünicode", String(repeating: "X", count: 77)])
    func customHeaderNameMustBePrintableASCIIWithoutColon(name: String) throws {
        var message = try Self.message()
        message.headers = [EmailHeader(name: name, value: "x")]
        #expect(throws: MIMEError.invalidHeaderName(field: "headers[0].name", name: name)) {
            try Self.write(message)
        }
    }

    // MARK: Attachments

    @Test(arguments: ["pdf", "application/", "/pdf", "text/plain; charset=utf-8", "multipart/mixed", "Message/RFC822", "application/pdf/x", "image/pn g"])
    func contentTypeMustBeOneMediaTypeThatBase64CanCarry(contentType: String) throws {
        var message = try Self.message()
        message.attachments = [EmailAttachment(filename: "a", contentType: contentType, data: [1])]
        #expect(throws: MIMEError.invalidContentType(field: "attachments[0].contentType", value: contentType)) {
            try Self.write(message)
        }
    }

    @Test(arguments: ["<logo>", "lo go", "", "a,b", "ü"])
    func contentIDMustBePrintableWithoutBracketsOrSpecials(contentID: String) throws {
        var message = try Self.message()
        message.htmlBody = "<p>x</p>"
        message.attachments = [EmailAttachment(filename: "logo.png", contentType: "image/png", data: [1], contentID: contentID)]
        #expect(throws: MIMEError.invalidContentID(field: "attachments[0].contentID", value: contentID)) {
            try Self.write(message)
        }
    }

    @Test func emptyFilenameIsRejected() throws {
        var message = try Self.message()
        message.attachments = [EmailAttachment(filename: "", contentType: "application/pdf", data: [1])]
        #expect(throws: MIMEError.emptyFilename(field: "attachments[0].filename")) {
            try Self.write(message)
        }
    }

    // MARK: Attachments held as base64 text

    /// Lengths around every multiple of 57 bytes (one 76-character line) up to six lines, and one
    /// large file: the text cut into lines must be the lines the encoder writes.
    @Test func base64TextAttachmentIsWrittenExactlyAsItsBytesWouldBe() throws {
        let counts = Array(0...350) + [57 * 100 - 1, 57 * 100, 57 * 100 + 1, 100 * 1024]
        for count in counts {
            let bytes = TestBytes.pseudoRandom(count: count, seed: UInt64(count) + 500)
            // With no body the attachment is the whole message: no random boundary to set aside.
            var asBytes = try Self.message()
            asBytes.textBody = nil
            asBytes.attachments = [EmailAttachment(filename: "a.bin", contentType: "application/octet-stream", data: bytes)]
            var asText = asBytes
            asText.attachments = [try Self.base64Attachment(bytes, filename: "a.bin", contentType: "application/octet-stream")]
            #expect(try Self.write(asText) == Self.write(asBytes), "length \(count)")
        }
    }

    @Test func base64TextAttachmentsInEveryPlaceOfAMultipartMessageAreWrittenAsBytesWouldBe() throws {
        let image = TestBytes.pseudoRandom(count: 2_000, seed: 11)
        let pdf = TestBytes.pseudoRandom(count: 7_001, seed: 12)
        var asBytes = try Self.message()
        asBytes.htmlBody = "<img src=\"cid:chart\">"
        asBytes.attachments = [
            EmailAttachment(filename: "report.pdf", contentType: "application/pdf", data: pdf),
            EmailAttachment(filename: "chart.png", contentType: "image/png", data: image, contentID: "chart"),
        ]
        var asText = asBytes
        asText.attachments = [
            try Self.base64Attachment(pdf, filename: "report.pdf", contentType: "application/pdf"),
            try Self.base64Attachment(image, filename: "chart.png", contentType: "image/png", contentID: "chart"),
        ]
        #expect(Self.withBoundariesNumbered(try Self.write(asText)) == Self.withBoundariesNumbered(try Self.write(asBytes)))
    }

    @Test func headerChecksApplyToBase64TextAttachmentsToo() throws {
        var message = try Self.message()
        message.attachments = [try Self.base64Attachment([1, 2, 3], filename: "a.pdf\r\nBcc: victim@example.com", contentType: "application/pdf")]
        #expect(throws: MIMEError.forbiddenCharacter(field: "attachments[0].filename", scalar: "\r")) {
            try Self.write(message)
        }
    }

    // MARK: Message-ID and Date

    @Test(arguments: ["", "no-at-sign", "@example.com", "left@", "<a@example.com>", "a b@example.com", "a\r\n@example.com"])
    func messageIDMustBeLeftAtRight(messageID: String) throws {
        #expect(throws: MIMEError.invalidMessageID(messageID)) {
            try MIMEWriter().write(try Self.message(), date: Self.date, messageID: messageID)
        }
    }

    @Test func dateOutsideFourDigitYearsIsRejected() throws {
        let date = WallClockTime(millisecondsSince1970: 1_000_000_000_000_000)
        #expect(throws: MIMEError.dateOutOfRange(secondsSince1970: 1_000_000_000_000)) {
            try MIMEWriter().write(try Self.message(), date: date, messageID: "a@example.com")
        }
    }

    @Test func writingWithoutADateUsesARandomMessageIDAtTheSendersDomain() throws {
        var message = try Self.message()
        message.from = try EmailAddress(parsing: "Sender <sender@bücher.example>")
        let first = try Self.messageID(in: MIMEWriter().write(message))
        let second = try Self.messageID(in: MIMEWriter().write(message))
        #expect(first.hasSuffix("@xn--bcher-kva.example>"))
        #expect(first != second)
    }

    // MARK: Structure

    @Test func everyMultipartGetsItsOwnRandomBoundaryStartingWithEqualsUnderscore() throws {
        var message = try Self.message()
        message.htmlBody = "<p>Hi</p>"
        message.attachments = [EmailAttachment(filename: "a.pdf", contentType: "application/pdf", data: [1])]
        let boundaries = try (0..<2).flatMap { _ in Self.boundaries(in: try Self.write(message)) }
        #expect(boundaries.count == 4)
        #expect(Set(boundaries).count == 4)
        #expect(boundaries.allSatisfy { $0.hasPrefix("=_") && $0.count >= 30 })
    }

    @Test func shortASCIIBodyIsSentAsItself() {
        #expect(TextTransferEncoding.choose(for: "Hello\nworld\n") == .sevenBit)
    }

    @Test(arguments: ["--=_lookalike boundary", "naïve", String(repeating: "x", count: 77), "nul\0", "escape \u{1B}[0m"])
    func bodyThatCannotTravelAsItselfIsQuotedPrintable(text: String) {
        #expect(TextTransferEncoding.choose(for: text) == .quotedPrintable)
    }

    @Test func outputUsesCRLFOnly() throws {
        var message = try Self.message()
        message.textBody = "a\nb\rc\r\n"
        message.htmlBody = "<p>\n</p>"
        let raw = try Self.write(message)
        let bare = zip(raw.indices, raw).filter { index, byte in
            (byte == UInt8(ascii: "\n") && (index == 0 || raw[index - 1] != UInt8(ascii: "\r")))
                || (byte == UInt8(ascii: "\r") && (index + 1 == raw.count || raw[index + 1] != UInt8(ascii: "\n")))
        }
        #expect(bare.isEmpty)
    }

    // MARK: Support

    static let date = WallClockTime(millisecondsSince1970: 1_795_255_445_000)

    static func message() throws -> EmailMessage {
        EmailMessage(
            from: try EmailAddress(parsing: "Notifier <notifier@example.com>"),
            to: [try EmailAddress(parsing: "ada@example.com")],
            subject: "Status",
            textBody: "Body"
        )
    }

    static func write(_ message: EmailMessage) throws -> [UInt8] {
        try MIMEWriter().write(message, date: date, messageID: "test@example.com")
    }

    static func messageID(in raw: [UInt8]) throws -> String {
        let line = String(decoding: raw, as: UTF8.self).components(separatedBy: "\r\n").first { $0.hasPrefix("Message-ID: ") }
        return String(try #require(line).dropFirst("Message-ID: ".count))
    }

    static func base64Attachment(_ bytes: [UInt8], filename: String, contentType: String, contentID: String? = nil) throws -> EmailAttachment {
        let text = try #require(Base64Text(canonical: Data(bytes).base64EncodedString().utf8))
        return EmailAttachment(filename: filename, contentType: contentType, base64: text, contentID: contentID)
    }

    /// `raw` as text with each random boundary replaced by its number in order of appearance, so
    /// that two writes of the same message compare equal.
    static func withBoundariesNumbered(_ raw: [UInt8]) -> String {
        var text = String(decoding: raw, as: UTF8.self)
        for (number, boundary) in boundaries(in: raw).enumerated() {
            text = text.replacingOccurrences(of: boundary, with: "boundary-\(number)")
        }
        return text
    }

    static func boundaries(in raw: [UInt8]) -> [String] {
        String(decoding: raw, as: UTF8.self).components(separatedBy: "boundary=\"").dropFirst().compactMap {
            $0.split(separator: "\"").first.map(String.init)
        }
    }
}
