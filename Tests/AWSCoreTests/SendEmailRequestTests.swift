import TestSupport
import Foundation
import Testing
@testable import AWSCore
@testable import S3
@testable import SESv2
import EmailKit

@Suite struct SendEmailRequestTests {
    static let request = SendEmailRequest(
        rawMessage: Array("From: sender@example.com\r\nSubject: caf\u{E9}\r\n\r\n\u{1F4E8}\r\n".utf8),
        fromEmailAddress: "sender@example.com",
        toAddresses: ["ops@example.org", "dev@example.org"],
        ccAddresses: ["lead@example.org"],
        bccAddresses: ["audit@example.org"],
        configurationSetName: "notifier-events",
        tags: [EmailTag(name: "source", value: "ci"), EmailTag(name: "build", value: "42")]
    )

    /// botocore validates the body against the SES v2 service model (names, nesting, types) and
    /// serialises the same parameters; both documents must be the same.
    @Test func jsonBodyIsTheDocumentBotocoreSendsForSendEmail() throws {
        let body = try Self.request.jsonBody()
        let botocore = try JSONSerialization.jsonObject(with: PythonOracle.run("sesv2_send_email.py", input: Array(body))) as? [String: Any]
        let ours = try JSONSerialization.jsonObject(with: Data(body)) as? NSDictionary

        #expect(botocore?["method"] as? String == "POST")
        #expect(botocore?["path"] as? String == "/v2/email/outbound-emails")
        #expect(botocore?["signingName"] as? String == "ses")
        #expect((botocore?["body"] as? NSDictionary) == ours)
    }

    @Test func rawMessageTravelsAsBase64OfExactlyItsBytes() throws {
        let body = try JSONSerialization.jsonObject(with: Data(Self.request.jsonBody())) as? [String: Any]
        let content = body?["Content"] as? [String: Any]
        let raw = content?["Raw"] as? [String: Any]
        let data = try #require(raw?["Data"] as? String)
        #expect(Data(base64Encoded: data).map(Array.init) == Self.request.rawMessage)
    }

    static func members(of body: [UInt8]) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }

    static func rawData(of body: [String: Any]) -> String? {
        ((body["Content"] as? [String: Any])?["Raw"] as? [String: Any])?["Data"] as? String
    }

    /// Lengths 0 to 20 end the base64 with no padding, one `=` and two, with fields before and after it.
    @Test func rawMessageOfEveryLengthTravelsAsItsBase64AmongTheOtherFields() throws {
        for count in 0...20 {
            var request = Self.request
            request.rawMessage = TestBytes.pseudoRandom(count: count, seed: UInt64(count))
            let body = try Self.members(of: request.jsonBody())
            #expect(Self.rawData(of: body) == Data(request.rawMessage).base64EncodedString(), "length \(count)")
            #expect(body["FromEmailAddress"] as? String == request.fromEmailAddress)
            #expect(body["ConfigurationSetName"] as? String == request.configurationSetName)
            #expect((body["EmailTags"] as? [[String: String]])?.count == request.tags.count)
        }
    }

    @Test func stringsAfterTheMessageKeepTheirEscapes() throws {
        var request = Self.request
        request.configurationSetName = "quote\" backslash\\ newline\n nul\u{0} tab\t end"
        request.tags = [EmailTag(name: "\u{1F}", value: "\"\"")]
        let body = try Self.members(of: request.jsonBody())
        #expect(body["ConfigurationSetName"] as? String == request.configurationSetName)
        #expect(body["EmailTags"] as? [[String: String]] == [["Name": "\u{1F}", "Value": "\"\""]])
        #expect(Self.rawData(of: body).flatMap { Data(base64Encoded: $0) }.map(Array.init) == request.rawMessage)
    }

    @Test func emptyRawMessageIsAnEmptyDataString() throws {
        let body = try Self.members(of: SendEmailRequest(rawMessage: []).jsonBody())
        #expect(Self.rawData(of: body) == "")
    }

    @Test func emptyListsAndAbsentOptionsAreLeftOut() throws {
        let minimal = SendEmailRequest(rawMessage: Array("From: a@example.com\r\n\r\nx".utf8))
        let body = try JSONSerialization.jsonObject(with: Data(minimal.jsonBody())) as? [String: Any]
        #expect(body.map { Set($0.keys) } == ["Content"])
    }

    /// A message is written into the body and encoded there: what SES gets is the writer's MIME,
    /// as long as ``MIMEWriter/size(of:)`` said (the body's capacity is reserved from it), and a
    /// message the writer refuses is that error, not a body.
    @Test func messageIsWrittenIntoTheBodyAtTheSizeTheWriterAnnounces() throws {
        let message = EmailMessage(
            from: try EmailAddress(parsing: "Shop <orders@example.com>"),
            to: [try EmailAddress(parsing: "Ada <ada@example.org>")],
            subject: "Your invoice",
            textBody: "Attached.",
            attachments: [EmailAttachment(filename: "invoice.pdf", contentType: "application/pdf", data: TestBytes.pseudoRandom(count: 100_001, seed: 3))])
        var request = Self.request
        request.content = .message(message)
        let body = try Self.members(of: request.jsonBody())
        let raw = try #require(Self.rawData(of: body).flatMap { Data(base64Encoded: $0) })
        #expect(raw.count == (try request.messageSize()))
        let parsed = try ParsedMessage.parse(Array(raw))
        #expect(parsed.subject == "Your invoice")
        #expect(parsed.attachments.first?.size == 100_001)
        #expect(parsed.attachments.first?.sha256 == TestBytes.sha256Hex(TestBytes.pseudoRandom(count: 100_001, seed: 3)))
        #expect(body["FromEmailAddress"] as? String == request.fromEmailAddress)
    }
}
