import Foundation
import JSON
import RuntimeAPIServer
import Testing
import TestSupport

/// Issue 17 as Lambda runs it: the real `bootstrap`, moto as S3 and SES with SigV4 checking on,
/// attachments named by S3 reference, extended-client pointers written by the real Python
/// extended client, and presigned links. Every stored mail is parsed by Python's `email`.
@Suite(.serialized) struct S3AttachmentEndToEndTests {
    static let sources = "acube-invoices/2026/"

    func function(_ extra: [String: String] = [:]) throws -> FunctionUnderTest {
        try FunctionUnderTest(environment: ["NOTIFIER_ATTACHMENT_SOURCES": Self.sources].merging(extra) { $1 })
    }

    func json(_ data: Data?) throws -> JSONValue {
        try JSONParser.parse(Array(data ?? Data()))
    }

    /// The `errorMessage` of a failed invocation.
    func errorMessage(_ outcome: InvocationOutcome) throws -> (type: String, message: String) {
        let error = try #require(outcome.error)
        return (error.errorType ?? "", try JSONParser.parse(Array(error.body))["errorMessage"]?.stringValue ?? "")
    }

    func notification(attachments: String, extra: String = "") -> Data {
        Data(#"{"to": "ada@example.org", "subject": "Invoice 12345", "text": "Your invoice.", "html": "<html><body><p>Your invoice.</p></body></html>", "attachments": \#(attachments)\#(extra)}"#.utf8)
    }

    @Test func anAttachmentNamedByS3ReferenceGoesOutWithTheObjectsBytes() throws {
        let function = try function()
        let moto = try MotoServer.shared()
        let object = try #require(moto.attachments.object("2026/12/12345.pdf"))
        let outcome = try function.invoke(notification(attachments:
            #"[{"filename": "invoice-12345.pdf", "contentType": "application/pdf", "s3": {"bucket": "acube-invoices", "key": "2026/12/12345.pdf"}}]"#))
        let id = try #require(try json(outcome.response)["messageId"]?.stringValue, "\(function.log)")
        let message = try #require(try function.storedMessage(id))
        #expect(message.parsed.wellFormednessProblems.isEmpty, "\(message.parsed.wellFormednessProblems)")
        let attachment = try #require(message.parsed.attachments.first)
        #expect(attachment.filename == "invoice-12345.pdf")
        #expect(attachment.contentType == "application/pdf")
        #expect(attachment.size == object.size)
        #expect(attachment.sha256 == object.sha256)
    }

    @Test func theA3BucketNameFormTakesTheFileNameFromTheKeyAndTheTypeFromTheObject() throws {
        let function = try function()
        let object = try #require(try MotoServer.shared().attachments.object("2026/12/credit note 7.pdf"))
        let event = Data(#"{"sender": "notifier@example.com", "recipients": ["ada@example.org"], "subject": "Credit note", "text_content": "Attached.", "bucket_name": "acube-invoices", "attachments": [{"s3": {"key": "2026/12/credit note 7.pdf"}}, {"s3": "s3://acube-invoices/2026/12/12345.pdf"}]}"#.utf8)
        let outcome = try function.invoke(event)
        let id = try #require(try json(outcome.response)["messageId"]?.stringValue, "\(function.log)")
        let message = try #require(try function.storedMessage(id))
        #expect(message.parsed.attachments.map(\.filename) == ["credit note 7.pdf", "12345.pdf"])
        // The object's `application/pdf; charset=binary` without its parameter.
        #expect(message.parsed.attachments.first?.contentType == "application/pdf")
        #expect(message.parsed.attachments.first?.sha256 == object.sha256)
    }

    @Test func aBucketOutsideTheAllowListIsAValidationErrorNamingTheField() throws {
        let function = try function()
        // The role may read `acube-other`; the allow-list does not list it.
        let outcome = try function.invoke(notification(attachments: #"[{"s3": "s3://acube-other/2026/12/12345.pdf"}]"#))
        let (type, message) = try errorMessage(outcome)
        #expect(type == "ValidationError")
        #expect(message.contains(#"{"field":"attachments[0].s3","message":"s3://acube-other/2026/12/12345.pdf is not in NOTIFIER_ATTACHMENT_SOURCES"}"#), "\(message)")
    }

    @Test func aKeyOutsideTheAllowedPrefixIsRefusedToo() throws {
        let function = try function()
        let outcome = try function.invoke(notification(attachments: #"[{"s3": {"bucket": "acube-invoices", "key": "2025/old.pdf"}}]"#))
        #expect(try errorMessage(outcome).message.contains(#"{"field":"attachments[0].s3","message":"s3://acube-invoices/2025/old.pdf is not in NOTIFIER_ATTACHMENT_SOURCES"}"#))
    }

    @Test func withoutSourcesEveryReferenceIsRefused() throws {
        let function = try FunctionUnderTest()
        let outcome = try function.invoke(notification(attachments: #"[{"s3": "s3://acube-invoices/2026/12/12345.pdf"}]"#))
        #expect(try errorMessage(outcome).message.contains("NOTIFIER_ATTACHMENT_SOURCES is empty"))
    }

    @Test func aMissingObjectIsANonRetryableFailureNamingTheAttachment() throws {
        let function = try function()
        let outcome = try function.invoke(notification(attachments: #"[{"s3": "s3://acube-invoices/2026/12/missing.pdf"}]"#))
        let (_, message) = try errorMessage(outcome)
        #expect(message.contains("AttachmentNotFound"), "\(message)")
        #expect(message.contains("attachments[0]"), "\(message)")
        #expect(message.contains("s3://acube-invoices/2026/12/missing.pdf"), "\(message)")
        // In an SQS batch it is that record alone that fails.
        let batch = try function.invoke(sqsEvent([
            ("missing", String(decoding: notification(attachments: #"[{"s3": "s3://acube-invoices/2026/12/missing.pdf"}]"#), as: UTF8.self)),
            ("present", String(decoding: notification(attachments: #"[{"s3": "s3://acube-invoices/2026/12/12345.pdf"}]"#), as: UTF8.self)),
        ]))
        #expect(try json(batch.response) == ["batchItemFailures": [["itemIdentifier": "missing"]]])
    }

    @Test func anObjectOverSESsLimitIsRefusedFromItsSizeBeforeDownloading() throws {
        let function = try function()
        let outcome = try function.invoke(notification(attachments: #"[{"s3": "s3://acube-invoices/2026/12/huge.bin"}]"#))
        let (type, message) = try errorMessage(outcome)
        #expect(type == "ValidationError")
        // 31 MiB in base64 lines: about 44.5 MB of MIME.
        #expect(message.contains(#"{"field":"attachments","message":"the message would be about 44.5 MB as SES counts it (the whole MIME message, attachments base64-encoded)"#), "\(message)")
        #expect(message.contains("attachments[0] (\(31 * 1024 * 1024) bytes)"), "\(message)")
    }

    /// moto refuses every request without an `Authorization` header while its authentication is
    /// on (HTTP 500, botocore's own presigned URLs included), so the URL's signature is checked
    /// against botocore in `PresignedURLBotocoreTests`, not here.
    @Test func aLinkAttachmentPutsAPresignedURLInBothBodiesInsteadOfTheFile() throws {
        let function = try function()
        let outcome = try function.invoke(notification(attachments: #"[{"s3": "s3://acube-invoices/2026/12/12345.pdf", "deliver": "link", "linkExpiresIn": 600}]"#))
        let id = try #require(try json(outcome.response)["messageId"]?.stringValue, "\(function.log)")
        let message = try #require(try function.storedMessage(id))
        #expect(message.parsed.attachments.isEmpty)
        let text = try #require(message.parsed.text)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("12345.pdf: ") }, "\(text)")
        let url = String(try #require(line.split(separator: " ").dropFirst().first))
        #expect(url.contains("X-Amz-Expires=600&"))
        #expect(message.parsed.html?.contains("<a href=\"\(url.replacingOccurrences(of: "&", with: "&amp;"))\">12345.pdf</a>") == true)
        #expect(url.hasPrefix("\(try MotoServer.shared().endpoint)/acube-invoices/2026/12/12345.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&"))
    }

    @Test(arguments: [false, true])
    func extendedClientPointersAreReadFromS3AndSent(legacy: Bool) throws {
        let function = try function(["NOTIFIER_ATTACHMENT_SOURCES": "acube-invoices"])
        let moto = try MotoServer.shared()
        let attachments = moto.attachments
        // 400 KB of base64: larger than the queue's message, as the producers' real ones are.
        let content = Data(repeating: 0x25, count: 300_000).base64EncodedString()
        let notifications: JSONValue = .array((1...2).map { index in
            ["to": "ada@example.org", "subject": .string("Large \(index)"), "text": "See attached.",
             "attachments": [["filename": "large.bin", "content": .string(content)]]]
        })
        var arguments = [moto.endpoint, moto.region, attachments.queueURL, attachments.bucket,
                         attachments.producerAccessKeyID, attachments.producerSecretAccessKey]
        if legacy { arguments.append("--legacy") }
        let event = try PythonOracle.run("sqs_extended_send.py", arguments: arguments, input: notifications.serialized())
        let records = try JSONParser.parse(Array(event))["Records"]?.arrayValue ?? []
        #expect(records.count == 2)
        let className = legacy ? "com.amazon.sqs.javamessaging.MessageS3Pointer" : "software.amazon.payloadoffloading.PayloadS3Pointer"
        #expect(records.allSatisfy { $0["body"]?.stringValue?.hasPrefix("[\"\(className)\", {\"s3BucketName\": ") == true })

        let outcome = try function.invoke(event)
        #expect(try json(outcome.response) == ["batchItemFailures": []], "\(function.log)")
        let sent = function.log.split(separator: "\n").compactMap { line -> String? in
            guard let value = try? JSONParser.parse(Array(line.utf8)), value["status"] == "sent" else { return nil }
            return value["sesMessageId"]?.stringValue
        }
        #expect(sent.count == 2)
        let firstID = try #require(sent.first)
        let message = try #require(try function.storedMessage(firstID))
        #expect(message.parsed.attachments.first?.size == 300_000)
    }

    @Test func aPointerOutsideTheAllowListIsRefused() throws {
        let function = try function()
        let body = #"["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"acube-other","s3Key":"2026/12/12345.pdf"}]"#
        let outcome = try function.invoke(sqsEvent([("p", body)]))
        #expect(try json(outcome.response) == ["batchItemFailures": [["itemIdentifier": "p"]]])
        #expect(function.log.contains("Records[0].body"), "\(function.log)")
    }

    func sqsEvent(_ records: [(id: String, body: String)]) -> Data {
        let value: JSONValue = ["Records": .array(records.map { record in
            [
                "messageId": .string(record.id), "receiptHandle": "h", "body": .string(record.body), "attributes": [:],
                "messageAttributes": [:], "md5OfBody": "", "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:notifier", "awsRegion": "us-east-1",
            ]
        })]
        return Data(value.serialized())
    }
}
