import EmailKit
import JSON
import Testing
@testable import NotifierHandler

/// What a hostile producer can put in one message, read in-process: every limit is one error
/// naming the field and the limit, duplicate names are errors, and header fields SES reads as
/// commands never pass. (The same through the real `bootstrap`, with its memory measured, is in
/// ``HostileInputTests``.)
@Suite struct HostileMessageTests {
    let reader = NotificationReader(
        validator: NotificationValidator(configuration: NotificationValidationTests.configuration),
        templates: TemplateLibrary(source: DirectoryTemplateSource(directory: Fixtures.packageRoot.appending(path: "templates").path)))

    func failure(_ json: String) -> ValidationError? {
        guard case .failure(.invalid(let error)) = reader.read(text: json.utf8, deadline: .now + .seconds(10)) else { return nil }
        return error
    }

    func fields(_ json: String) -> [String] {
        failure(json)?.errors.map(\.field) ?? []
    }

    static func list(_ element: String, count: Int) -> String {
        "[" + [String](repeating: element, count: count).joined(separator: ",") + "]"
    }

    static func object(count: Int, name: (Int) -> String) -> String {
        "{" + (0..<count).map { #""\#(name($0))":"v""# }.joined(separator: ",") + "}"
    }

    // MARK: Duplicate names

    @Test func aFieldGivenTwiceIsAnErrorAtItsSecondOccurrence() {
        let error = failure(#"{"to": "ada@example.org", "to": "bob@example.org", "subject": "s", "text": "t"}"#)
        #expect(error?.errors.map(\.field) == ["to"])
        #expect(error?.errors.first?.reason == .duplicateField)
    }

    @Test(arguments: ["headers", "tags"])
    func aNameGivenTwiceInHeadersOrTagsIsAnError(field: String) {
        let name = field == "headers" ? "X-A" : "a"
        #expect(fields(#"{"to": "ada@example.org", "subject": "s", "text": "t", "\#(field)": {"\#(name)": "1", "\#(name)": "2"}}"#) == ["\(field).\(name)"])
    }

    @Test func aDuplicateInAnSQSRecordNamesTheRecordsPath() {
        let path = FieldPath.root.field("Records").index(3).field("body")
        let result = reader.read(sqsBody: #"{"to": "a@example.org", "to": "b@example.org"}"#.utf8, path: path, deadline: .now + .seconds(10))
        guard case .failure(.invalid(let error)) = result else { Issue.record("accepted"); return }
        #expect(error.errors.map(\.field) == ["Records[3].body.to"])
    }

    // MARK: Limits

    @Test func recipientsOverTheLimitAreOneErrorAndNoneIsParsed() {
        let error = failure(#"{"subject": "s", "text": "t", "to": \#(Self.list(#""x""#, count: 5_000))}"#)
        #expect(error?.errors.map(\.field) == ["to"])
        #expect(error?.errors.first?.reason == .tooMany)
        #expect(error?.errors.first?.message.contains("at most 50") == true)
    }

    @Test(arguments: [
        ("attachments", Self.list(#"{"filename":"a","content":"YQ=="}"#, count: NotificationLimits.maximumAttachments + 1), "at most 100"),
        ("headers", Self.object(count: NotificationLimits.maximumHeaders + 1) { "X-H\($0)" }, "at most 50"),
        ("tags", Self.object(count: SESLimits.maximumTags + 1) { "t\($0)" }, "at most 50"),
        ("replyTo", Self.list(#""r@example.org""#, count: SESLimits.maximumReplyToAddresses + 1), "at most 50"),
    ])
    func aListOverItsLimitIsOneErrorNamingFieldAndLimit(field: String, value: String, limit: String) {
        let error = failure(#"{"to": "ada@example.org", "subject": "s", "text": "t", "\#(field)": \#(value)}"#)
        #expect(error?.errors.map(\.field) == [field])
        #expect(error?.errors.first?.message.contains(limit) == true)
    }

    @Test func atMostTwentyErrorsAreReportedAndTheRestCounted() throws {
        let attachments = Self.list(#"{"filename":"","contentType":"bad","content":"!"}"#, count: 30)
        let error = try #require(failure(#"{"to": "ada@example.org", "subject": "s", "text": "t", "attachments": \#(attachments)}"#))
        #expect(error.errors.count == ValidationError.maximumReportedErrors)
        #expect(error.unreportedCount == 30 * 3 - ValidationError.maximumReportedErrors)
        #expect(error.json["moreErrors"] == .number("70"))
        #expect(error.description.hasSuffix("; and 70 more"))
    }

    @Test func longValuesAreQuotedBackShortened() throws {
        let template = String(repeating: "a", count: 100_000)
        let error = try #require(failure(#"{"to": "ada@example.org", "template": "\#(template)"}"#))
        #expect(error.errors.allSatisfy { $0.message.count <= FieldError.maximumMessageLength + 1 })
        let key = String(repeating: "k", count: 100_000)
        let unknown = try #require(failure(#"{"to": "ada@example.org", "subject": "s", "text": "t", "\#(key)": 1}"#))
        #expect(unknown.errors.first?.field == String(repeating: "k", count: JSONPathComponent.maximumShownNameLength) + "…")
    }

    // MARK: Logged paths

    @Test func producerChosenNamesAreLoggedAsPlaceholders() throws {
        let error = try #require(failure(#"""
            {"to": "ada@example.org", "subject": "s", "text": "t", "dave@example.org": true,
             "headers": {"X-Dave-At-Example-Org": "a\nb"}, "tags": {"dave@example.org": "x"}}
            """#))
        #expect(error.errors.map(\.path.logged) == ["<unknown field>", "headers.<name>", "tags.<name>"])
        #expect(error.errors.map(\.reason) == [.unknownField, .unsafeCharacter, .invalidValue])
    }

    // MARK: Header policy

    @Test(arguments: ["X-SES-CONFIGURATION-SET", "X-SES-MESSAGE-TAGS", "X-SES-SOURCE-ARN", "X-SES-FROM-ARN", "X-SES-RETURN-PATH-ARN",
                      "Resent-To", "Resent-Bcc", "Disposition-Notification-To", "Return-Receipt-To", "Errors-To",
                      "DKIM-Signature", "Authentication-Results", "Received", "Sender", "Return-Path"])
    func headersSESOrMailSystemsReadAsCommandsAreRefused(name: String) {
        let error = failure(#"{"to": "ada@example.org", "subject": "s", "text": "t", "headers": {"\#(name)": "x"}}"#)
        #expect(error?.errors.map(\.field) == ["headers.\(name)"])
    }

    @Test func wellKnownHeadersPass() throws {
        let headers = #"{"List-Unsubscribe": "<https://example.com/u>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "X-Entity-Ref-ID": "1"}"#
        let email = try reader.read(text: #"{"to": "ada@example.org", "subject": "s", "text": "t", "headers": \#(headers)}"#.utf8, deadline: .now + .seconds(10)).get()
        #expect(email.message.headers.map(\.name) == ["List-Unsubscribe", "List-Unsubscribe-Post", "X-Entity-Ref-ID"])
    }

    // MARK: Unsafe characters

    @Test(arguments: ["invoice\u{202E}txt.exe", "a\u{2066}b", "tab\there", "c1\u{9B}x"])
    func bidiAndControlCharactersInAFilenameAreRefused(filename: String) throws {
        let attachment: JSONValue = ["filename": .string(filename), "content": "YQ=="]
        let json = JSONValue.object(JSONObject([("to", "ada@example.org"), ("subject", "s"), ("text", "t"), ("attachments", [attachment])]))
        let error = failure(String(decoding: json.serialized(), as: UTF8.self))
        #expect(error?.errors.map(\.field) == ["attachments[0].filename"])
        #expect(error?.errors.first?.reason == .unsafeCharacter)
    }

    @Test func aBidiOverrideInADisplayNameIsRefused() {
        let error = failure(#"{"to": "Support \u202Eelgoog <ada@example.org>", "subject": "s", "text": "t"}"#)
        #expect(error?.errors.map(\.field) == ["to[0]"])
        #expect(error?.errors.first?.reason == .unsafeCharacter)
    }

    // MARK: Envelopes

    @Test func anSNSEnvelopeInAnSQSBodyIsUnwrappedOneLevelOnly() throws {
        func envelope(_ message: String) -> String {
            let value: JSONValue = ["Type": "Notification", "MessageId": "m", "TopicArn": "arn:aws:sns:us-east-1:1:t", "Message": .string(message)]
            return String(decoding: value.serialized(), as: UTF8.self)
        }
        let notification = #"{"to": "ada@example.org", "subject": "s", "text": "t"}"#
        let path = FieldPath.root.field("Records").index(0).field("body")
        #expect(throws: Never.self) { try reader.read(sqsBody: envelope(notification).utf8, path: path, deadline: .now + .seconds(10)).get() }
        let nested = reader.read(sqsBody: envelope(envelope(notification)).utf8, path: path, deadline: .now + .seconds(10))
        guard case .failure(.invalid(let error)) = nested else { Issue.record("a nested envelope was unwrapped"); return }
        #expect(error.errors.contains { $0.field == "Records[0].body.Message.Type" })
    }
}
