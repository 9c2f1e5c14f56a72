import Foundation
import JSON
import Testing
import TestSupport
@testable import NotifierHandler

/// `events/notification.schema.json`, the format's published contract, agrees with the function
/// on which messages are well formed (checked by Python's `jsonschema`).
@Suite struct NotificationSchemaTests {
    static let wellFormed: [String] = [
        #"{"to": "ada@example.org", "subject": "s", "text": "t"}"#,
        #"{"sender": "alerts@example.com", "recipients": ["user@example.com"], "subject": "s", "html_content": "<p>h</p>", "bucket_name": "b"}"#,
        #"{"to": ["a@example.org"], "bcc": "b@example.org", "subject": "s", "html": "<p>h</p>", "tags": {"kind": "x"}, "headers": {"X-A": "1"}, "idempotencyKey": "k"}"#,
        #"{"to": "ada@example.org", "template": "order-shipped", "data": {"id": 1, "order_customer": {"name": "Ada"}, "items": []}}"#,
        #"{"to": "ada@example.org", "subject": "s", "text": "t", "attachments": [{"filename": "a.txt", "contentType": "text/plain", "content": "aGk="}]}"#,
        #"{"to": [{"name": "Grace <b>Hopper</b>", "address": "grace@example.org"}, "bob@example.org"], "cc": {"address": "c@example.org"}, "replyTo": [{"name": "Support", "address": "help@example.com"}], "subject": "s", "text": "t"}"#,
        #"{"to": "ada@example.org", "template": "order-shipped", "locale": "fr_CA", "data": {"id": 1, "order_customer": {"name": "Ada"}, "items": []}}"#,
    ]

    static let malformed: [String] = [
        #"{"to": "ada@example.org", "subject": "s", "text": "t", "subjet": "typo"}"#,
        #"{"to": "ada@example.org", "subject": "s"}"#,
        #"{"subject": "s", "text": "t"}"#,
        #"{"to": "ada@example.org", "template": "order-shipped", "data": {}, "subject": "s"}"#,
        #"{"to": "ada@example.org", "from": "a@example.com", "sender": "b@example.com", "subject": "s", "text": "t"}"#,
        #"{"to": "ada@example.org", "subject": "s", "text": "t", "tags": {"bad tag": "x"}}"#,
        #"{"to": "ada@example.org", "subject": "s", "text": "t", "actions": [{"name": "ok", "label": "OK", "type": "success"}]}"#,
        #"{"to": "ada@example.org", "subject": "s", "text": "t", "taskToken": "T", "actions": [{"name": "ok", "label": "OK", "type": "maybe"}]}"#,
        #"{"to": "ada@example.org", "subject": "s", "text": "t", "taskToken": "T", "actions": [{"name": "no", "label": "No", "type": "success", "error": "E"}]}"#,
        #"{"to": "ada@example.org", "subject": "s", "text": "t", "taskToken": "T", "actions": [{"name": "ok", "label": "OK", "type": "success"}], "linkExpiresIn": 5}"#,
        #"{"to": "ada@example.org", "subject": "s", "text": "t", "data": {}}"#,
        #"{"to": {"name": "Ada", "address": "ada@example.org", "email": "ada@example.org"}, "subject": "s", "text": "t"}"#,
        #"{"to": [{"name": "Ada"}], "subject": "s", "text": "t"}"#,
        #"{"to": "ada@example.org", "template": "order-shipped", "locale": "français", "data": {"id": 1, "order_customer": {"name": "Ada"}, "items": []}}"#,
    ]

    func schemaVerdicts(_ messages: [String]) throws -> [Bool] {
        try PythonOracle.decode([Bool].self, from: "schema_check.py", input: Array(("[" + messages.joined(separator: ",") + "]").utf8))
    }

    func functionVerdicts(_ messages: [String]) -> [Bool] {
        let reader = NotificationReader(
            validator: NotificationValidator(configuration: NotificationValidationTests.configuration),
            templates: TemplateLibrary(source: DirectoryTemplateSource(directory: Fixtures.packageRoot.appending(path: "templates").path)))
        return messages.map { message in
            if case .success = reader.read(text: message.utf8, deadline: .now + .seconds(10)) { true } else { false }
        }
    }

    @Test func wellFormedMessagesPassBothTheSchemaAndTheFunction() throws {
        #expect(try schemaVerdicts(Self.wellFormed) == Array(repeating: true, count: Self.wellFormed.count))
        #expect(functionVerdicts(Self.wellFormed) == Array(repeating: true, count: Self.wellFormed.count))
    }

    @Test func malformedMessagesFailBothTheSchemaAndTheFunction() throws {
        #expect(try schemaVerdicts(Self.malformed) == Array(repeating: false, count: Self.malformed.count))
        #expect(functionVerdicts(Self.malformed) == Array(repeating: false, count: Self.malformed.count))
    }

    /// S3 attachments need `NOTIFIER_ATTACHMENT_SOURCES` to be sent, so the function's side here is
    /// its parser, which alone judges their form.
    @Test func s3AttachmentFormsAgreeWithTheParser() throws {
        let base = #"{"to": "ada@example.org", "subject": "s", "text": "t", "bucket_name": "acube-invoices", "attachments": "#
        let wellFormed = [
            base + #"[{"s3": "s3://acube-invoices/2026/12/1.pdf"}]}"#,
            base + #"[{"filename": "i.pdf", "contentType": "application/pdf", "s3": {"key": "2026/1.pdf", "versionId": "v"}, "deliver": "link", "linkExpiresIn": 600}]}"#,
        ]
        let malformed = [
            base + #"[{"filename": "i.pdf", "content": "aGk=", "s3": "s3://acube-invoices/1.pdf"}]}"#,
            base + #"[{"filename": "i.pdf", "content": "aGk=", "deliver": "link"}]}"#,
            base + #"[{"s3": {"bucket": "acube-invoices"}}]}"#,
            base + #"[{"s3": "acube-invoices/1.pdf"}]}"#,
            base + #"[{"s3": "s3://acube-invoices/1.pdf", "deliver": "mail"}]}"#,
        ]
        func parses(_ message: String) throws -> Bool {
            try NotificationParser.parse(JSONParser.parse(Array(message.utf8))).errors.isEmpty
        }
        #expect(try schemaVerdicts(wellFormed) == [true, true])
        #expect(try wellFormed.map(parses) == [true, true])
        #expect(try schemaVerdicts(malformed) == Array(repeating: false, count: malformed.count))
        #expect(try malformed.map(parses) == Array(repeating: false, count: malformed.count))
    }

    @Test func theSampleEventsMessagesFollowTheSchema() throws {
        var messages: [String] = []
        for name in ["direct.json", "a3-message.json"] {
            messages.append(String(decoding: try Fixtures.sampleEvent(name), as: UTF8.self))
        }
        for message in try JSONParser.parse(Fixtures.sampleEvent("direct-batch.json"))["messages"]?.arrayValue ?? [] {
            messages.append(String(decoding: message.serialized(), as: UTF8.self))
        }
        #expect(try schemaVerdicts(messages) == Array(repeating: true, count: messages.count))
    }
}
