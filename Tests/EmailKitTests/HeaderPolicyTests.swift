import Testing
@testable import EmailKit

@Suite struct HeaderPolicyTests {
    @Test(arguments: ["X-Order-Id", "x-campaign", "X-Entity-Ref-ID", "List-Unsubscribe", "list-unsubscribe-post", "List-Id",
                      "Precedence", "Auto-Submitted", "In-Reply-To", "References", "Importance", "Feedback-ID"])
    func xHeadersAndTheWellKnownFieldsAreAllowed(name: String) {
        #expect(HeaderPolicy.refusal(forName: name) == nil)
    }

    @Test(arguments: ["X-SES-CONFIGURATION-SET", "X-SES-MESSAGE-TAGS", "X-SES-SOURCE-ARN", "X-SES-FROM-ARN",
                      "X-SES-RETURN-PATH-ARN", "x-ses-anything"])
    func sesCommandHeadersAreRefused(name: String) {
        #expect(HeaderPolicy.refusal(forName: name) == .sesCommand)
    }

    @Test(arguments: ["Resent-To", "Resent-Cc", "Resent-Bcc", "Resent-From", "Disposition-Notification-To",
                      "Return-Receipt-To", "Errors-To", "DKIM-Signature", "Authentication-Results", "Received", "Keywords"])
    func everyOtherFieldIsRefused(name: String) {
        #expect(HeaderPolicy.refusal(forName: name) == .notAllowed)
    }

    @Test(arguments: ["From", "sender", "Return-Path", "Reply-To", "Message-ID", "Content-Type", "content-anything"])
    func fieldsBuiltFromTheMessageAreRefusedAsSuch(name: String) {
        #expect(HeaderPolicy.refusal(forName: name) == .builtFromMessage)
    }

    @Test func theWriterEnforcesTheSamePolicy() throws {
        var message = EmailMessage(from: try EmailAddress(parsing: "a@example.com"), to: [try EmailAddress(parsing: "b@example.org")], subject: "s", textBody: "t")
        message.headers = [EmailHeader(name: "X-SES-CONFIGURATION-SET", value: "other")]
        #expect(throws: MIMEError.refusedHeaderName(field: "headers[0].name", name: "X-SES-CONFIGURATION-SET", .sesCommand)) {
            try MIMEWriter().write(message)
        }
        message.headers = [EmailHeader(name: "Sender", value: "ceo@example.com")]
        #expect(throws: MIMEError.refusedHeaderName(field: "headers[0].name", name: "Sender", .builtFromMessage)) {
            try MIMEWriter().write(message)
        }
    }
}
