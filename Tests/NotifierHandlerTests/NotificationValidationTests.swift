import Testing
import ByteEncoding
@testable import EmailKit
import WallClock
@testable import NotifierHandler

@Suite struct NotificationValidationTests {
    static let configuration = NotifierConfiguration(
        transport: .outbox(directory: "/tmp/unused"),
        defaultFrom: try! EmailAddress(parsing: "Alerts <alerts@example.com>"),
        senderPolicy: SenderPolicy(addresses: ["alerts@example.com"], domains: ["notify.example.com"]))

    let reader = NotificationReader(
        validator: NotificationValidator(configuration: configuration),
        templates: TemplateLibrary(source: DirectoryTemplateSource(directory: Fixtures.packageRoot.appending(path: "templates").path)))

    func read(_ json: String) -> Result<PreparedEmail, ReadFailure> {
        reader.read(text: json.utf8, deadline: .now + .seconds(10))
    }

    func errors(_ json: String) -> [FieldError] {
        guard case .failure(.invalid(let error)) = read(json) else { return [] }
        return error.errors
    }

    @Test func validMessageBecomesAnEmail() throws {
        let email = try read(#"""
            {"to": ["Ann <ann@example.org>", "bob@example.org"], "cc": "carol@example.org", "bcc": ["dan@example.org"],
             "subject": "Hello", "text": "Hi", "html": "<p>Hi</p>", "tags": {"campaign": "welcome"},
             "headers": {"X-Ticket": "42"}, "configurationSet": "tracking", "idempotencyKey": "k-1"}
            """#).get()
        #expect(email.message.from.address == "alerts@example.com")
        #expect(email.message.to.map(\.address) == ["ann@example.org", "bob@example.org"])
        #expect(email.message.to.first?.displayName == "Ann")
        #expect(email.message.cc.map(\.address) == ["carol@example.org"])
        #expect(email.message.bcc.map(\.address) == ["dan@example.org"])
        #expect(email.message.tags == [EmailTag(name: "campaign", value: "welcome")])
        #expect(email.message.headers == [EmailHeader(name: "X-Ticket", value: "42")])
        #expect(email.configurationSet == "tracking")
        #expect(email.idempotencyKey == "k-1")
    }

    @Test func acceptsTheA3SharedNotifierFieldNames() throws {
        let email = try read(#"""
            {"sender": "alerts@example.com", "recipients": ["user@example.com"], "subject": "Votre facture est prête",
             "text_content": "La facture #12345 est disponible.", "html_content": "<h1>Facture</h1>", "bucket_name": "acube-invoices"}
            """#).get()
        #expect(email.message.to.map(\.address) == ["user@example.com"])
        #expect(email.message.textBody == "La facture #12345 est disponible.")
        #expect(email.message.htmlBody == "<h1>Facture</h1>")
    }

    @Test func reportsEveryProblemAtOnceWithItsPath() {
        let found = errors(#"""
            {"to": ["not-an-address", 7], "subject": "", "attachments": [{"filename": "a.pdf", "content": "%%%"}],
             "headers": {"Subject": "override"}, "tags": {"bad tag": "x"}, "subjet": "typo"}
            """#)
        #expect(Set(found.map(\.field)) == ["to[0]", "to[1]", "subject", "text", "attachments[0].content", "headers.Subject", "tags.bad tag", "subjet"])
    }

    @Test func typeErrorsAndValueErrorsAreReportedTogether() {
        let found = errors(#"{"to": 5, "subject": ["x"], "text": "hi"}"#)
        #expect(found.map(\.field) == ["to", "subject"])
    }

    @Test func requiresARecipient() {
        #expect(errors(#"{"subject": "s", "text": "t", "to": []}"#) == [
            FieldError(.root.field("to"), .missing, "at least one recipient (to, cc or bcc) is required"),
        ])
    }

    @Test func allowsAtMostFiftyRecipientsInTotal() {
        let to = (0..<30).map { "\"u\($0)@example.org\"" }.joined(separator: ",")
        let bcc = (0..<21).map { "\"b\($0)@example.org\"" }.joined(separator: ",")
        let found = errors(#"{"subject": "s", "text": "t", "to": [\#(to)], "bcc": [\#(bcc)]}"#)
        #expect(found.map(\.field) == ["to"])
        #expect(found.first?.message.contains("found 51") == true)
    }

    @Test func limitsTheSubjectTo998Octets() {
        let long = String(repeating: "é", count: 500)  // 1,000 octets
        #expect(errors(#"{"to": "a@example.org", "subject": "\#(long)", "text": "t"}"#).map(\.field) == ["subject"])
    }

    @Test(arguments: ["subject", "headers.X-Test"])
    func refusesLineBreaksInHeaderFields(_ field: String) {
        let json = field == "subject"
            ? #"{"to": "a@example.org", "subject": "Hi\r\nBcc: victim@example.org", "text": "t"}"#
            : #"{"to": "a@example.org", "subject": "Hi", "text": "t", "headers": {"X-Test": "a\nBcc: victim@example.org"}}"#
        #expect(errors(json).map(\.field) == [field])
    }

    @Test func refusesSendersOutsideTheAllowList() {
        #expect(errors(#"{"from": "ceo@example.com", "to": "a@example.org", "subject": "s", "text": "t"}"#).map(\.field) == ["from"])
    }

    @Test func allowsAnyAddressOfAnAllowedDomain() throws {
        let email = try read(#"{"from": "Billing <billing@notify.example.com>", "to": "a@example.org", "subject": "s", "text": "t"}"#).get()
        #expect(email.message.from.displayName == "Billing")
    }

    @Test func decodesAttachmentsAndTheirContentIDs() throws {
        let email = try read(#"""
            {"to": "a@example.org", "subject": "s", "html": "<img src=cid:logo>",
             "attachments": [{"filename": "logo.png", "contentType": "image/png", "content": "iVBO\nRw0K", "contentId": "<logo>"}]}
            """#).get()
        #expect(email.message.attachments.first?.data == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A])
        #expect(email.message.attachments.first?.contentID == "logo")
    }

    @Test func unbrokenCanonicalContentIsKeptAsBase64Text() throws {
        let bytes = (0..<3_000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        let content = Self.base64(bytes)
        let email = try read(Self.notification(attachmentContent: content)).get()
        let attachment = try #require(email.message.attachments.first)
        guard case .base64(let text) = attachment.content else {
            Issue.record("canonical content was decoded instead of kept as text")
            return
        }
        #expect(text.encoded == Array(content.utf8))
        #expect(attachment.data == bytes)
    }

    @Test(arguments: [
        // Wrapped in lines, as MIME encoders write it.
        (base64(Array(0...255) + Array(0...43), inLines: true), Array(0...255) + Array(0...43)),
        // Spaces and a bare line break.
        ("aGVs bG8g\nd29y bGQ=", Array("hello world".utf8)),
        // Unused bits set in the padded quantum: lenient decoders drop them.
        ("QR==", [0x41]),
        ("QUJ=", [0x41, 0x42]),
    ] as [(String, [UInt8])])
    func lenientlyEncodedContentIsDecodedAndSentReencoded(content: String, bytes: [UInt8]) throws {
        let email = try read(Self.notification(attachmentContent: content)).get()
        let attachment = try #require(email.message.attachments.first)
        guard case .bytes(let decoded) = attachment.content else {
            Issue.record("non-canonical content was kept as text")
            return
        }
        #expect(decoded == bytes)
        // What goes out is the canonical encoding, the same as if the producer had sent that.
        let canonical = try read(Self.notification(attachmentContent: Self.base64(bytes))).get()
        let date = WallClockTime(millisecondsSince1970: 1_795_255_445_000)
        var withoutBody = email.message, canonicalWithoutBody = canonical.message
        withoutBody.textBody = nil
        canonicalWithoutBody.textBody = nil
        #expect(try MIMEWriter().write(withoutBody, date: date, messageID: "a@example.com")
            == MIMEWriter().write(canonicalWithoutBody, date: date, messageID: "a@example.com"))
    }

    @Test(arguments: ["QQ=", "QQ==QQ==", "QU!D", "====", "-_-_", "QUJ\u{E9}"])
    func contentThatIsNotBase64KeepsItsError(content: String) {
        let found = errors(Self.notification(attachmentContent: content))
        #expect(found == [FieldError(.root.field("attachments").index(0).field("content"), .invalidBase64, "is not valid base64")])
    }

    @Test func sizeLimitCountsBase64TextByTheBytesItStandsFor() throws {
        let validator = NotificationValidator(configuration: Self.configuration)
        func notification(textMiB: Int) -> Notification {
            var notification = Notification()
            notification.to = [.text("a@example.org")]
            notification.subject = "s"
            notification.text = "t"
            let content = String(repeating: "AAAA", count: textMiB * 1024 * 1024 / 4)
            notification.attachments = [.init(filename: "a.bin", contentType: "application/octet-stream", content: content)]
            return notification
        }
        // SES counts the whole MIME message, attachments base64-encoded, up to 40,000,000 bytes.
        // 37 MiB of base64 text stands for 27.75 MiB of bytes, about 39.8 MB in MIME lines: within it.
        let accepted = try validator.validate(notification(textMiB: 37))
        #expect(accepted.message.attachments.first?.byteCount == 37 * 1024 * 1024 / 4 * 3)
        // 38 MiB of text: about 40.9 MB in MIME lines: over it.
        let refusal = #expect(throws: ValidationError.self) { try validator.validate(notification(textMiB: 38)) }
        #expect(refusal?.errors.map(\.field) == ["attachments"])
    }

    /// A notification with one attachment whose content is `content`, its line breaks escaped for JSON.
    static func notification(attachmentContent content: String) -> String {
        var escaped = ""
        for scalar in content.unicodeScalars {
            switch scalar {
            case "\r": escaped += "\\r"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return #"{"to": "a@example.org", "subject": "s", "text": "t", "attachments": [{"filename": "a.bin", "contentType": "application/octet-stream", "content": "\#(escaped)"}]}"#
    }

    /// `bytes` in base64 as the MIME writer encodes them (checked against Foundation in
    /// `Base64LinesTests`): one unbroken run, or lines of 76 characters ending in CRLF.
    static func base64(_ bytes: [UInt8], inLines: Bool = false) -> String {
        var encoded: [UInt8] = []
        if inLines {
            Base64Lines.appendLines(of: bytes, to: &encoded)
        } else {
            Base64Lines.append(bytes, to: &encoded)
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    @Test func malformedJSONIsAValidationErrorNotACrash() {
        #expect(errors(#"{"to": "#).map(\.field) == ["to"])
        #expect(errors(#"{"to": "a@example.org""#).map(\.field) == ["(body)"])
    }

    @Test func duplicateAliasesAreRefused() {
        #expect(errors(#"{"to": "a@example.org", "recipients": ["b@example.org"], "subject": "s", "text": "t"}"#).map(\.field) == ["recipients"])
    }
}

extension NotificationValidationTests {
    @Test func errorsNameTheRightElementAfterAWronglyTypedOne() {
        let found = errors(#"{"to": ["ok@example.org", 7, "bad"], "subject": "s", "text": "t"}"#)
        #expect(found.map(\.field) == ["to[1]", "to[2]"])
    }
}

// MARK: Recipients as name and address

extension NotificationValidationTests {
    @Test func aRecipientObjectsNameIsTheDisplayNameAsGivenNeverParsed() throws {
        let email = try read(#"""
            {"to": [{"name": "Lovelace, Ada <ada@evil.example>", "address": "ada@example.org"}, "bob@example.org"],
             "cc": {"address": "carol@example.org"}, "replyTo": [{"name": "Support", "address": "help@example.com"}],
             "subject": "s", "text": "t"}
            """#).get()
        #expect(email.message.to == [
            try EmailAddress(address: "ada@example.org", displayName: "Lovelace, Ada <ada@evil.example>"),
            try EmailAddress(address: "bob@example.org"),
        ])
        #expect(email.message.cc == [try EmailAddress(address: "carol@example.org")])
        #expect(email.message.replyTo == [try EmailAddress(address: "help@example.com", displayName: "Support")])
    }

    @Test func aRecipientObjectsProblemsNameItsAddressAndItsName() {
        let found = errors(#"""
            {"to": [{"name": "Ada\r\nBcc: x@evil.example", "address": "not an address"}, {"name": "Bob"}, {"address": 7}],
             "cc": {"name": "Carol", "address": "carol@example.org", "email": "carol@example.org"}, "subject": "s", "text": "t"}
            """#)
        #expect(found.map(\.field) == ["to[1].address", "to[2].address", "cc[0].email", "to[0].name", "to[0].address"])
        #expect(found.map(\.reason) == [.missing, .invalidType, .unknownField, .unsafeCharacter, .invalidAddress])
    }

    @Test func anUnknownKeyInARecipientObjectIsAnError() {
        let found = errors(#"{"to": {"name": "Ada", "address": "ada@example.org", "displayName": "Ada L."}, "subject": "s", "text": "t"}"#)
        #expect(found.map(\.field) == ["to[0].displayName"])
        #expect(found.first?.reason == .unknownField)
    }
}

// MARK: Locale

extension NotificationValidationTests {
    static let shippedOrder = #""template": "order-shipped", "data": {"id": 7, "order_customer": {"name": "Ada"}, "items": []}"#

    @Test(arguments: ["français", "fr CA", "f", "fr--CA", "x-private", "en-US-abcdefghi", ""])
    func aLocaleThatIsNoBCP47TagIsAnErrorNamingLocale(_ locale: String) {
        let found = errors(#"{"to": "ada@example.org", "locale": "\#(locale)", \#(Self.shippedOrder)}"#)
        #expect(found.map(\.field) == ["locale"])
        #expect(found.first?.reason == .invalidValue)
    }

    @Test(arguments: ["fr", "fr-CA", "fr_CA", "zh-Hant-TW", "DE-ch"])
    func aWellFormedLocaleIsAccepted(_ locale: String) throws {
        _ = try read(#"{"to": "ada@example.org", "locale": "\#(locale)", \#(Self.shippedOrder)}"#).get()
    }
}
