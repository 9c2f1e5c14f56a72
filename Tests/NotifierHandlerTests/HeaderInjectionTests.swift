import EmailKit
import Foundation
import JSON
import Testing
@testable import NotifierHandler

/// A CR or LF smuggled into any field a producer controls never becomes a header of its own:
/// the message is refused, or the line break is neutralised before the MIME is written.
@Suite struct HeaderInjectionTests {
    static let payload = "x\r\nBcc: victim@evil.example"

    let reader = NotificationReader(
        validator: NotificationValidator(configuration: NotifierConfiguration(
            transport: .outbox(directory: "/tmp/unused"),
            defaultFrom: try! EmailAddress(parsing: "alerts@example.com"),
            senderPolicy: SenderPolicy(addresses: [], domains: ["example.com"]))),
        templates: TemplateLibrary(source: DirectoryTemplateSource(directory: Fixtures.packageRoot.appending(path: "templates").path)))

    /// The notification with `field` set to a value carrying the payload.
    static func notification(injecting field: String) -> JSONValue {
        var object = JSONObject([("to", "ada@example.org"), ("subject", "Hello"), ("text", "Hi")])
        let payload = JSONValue.string(Self.payload)
        switch field {
        case "from": object["from"] = .string("Eve \(Self.payload) <eve@example.com>")
        case "to": object["to"] = .string("Ada \(Self.payload) <ada@example.org>")
        case "cc": object["cc"] = .string("\"\(Self.payload)\" <cc@example.org>")
        case "replyTo": object["replyTo"] = .string("r\r\n@example.org")
        case "subject": object["subject"] = payload
        case "header value": object["headers"] = ["X-Ticket": payload]
        case "header name": object["headers"] = [.init(stringLiteral: "X-A\r\nBcc"): "victim@evil.example"]
        case "attachment filename", "attachment contentType", "attachment contentId":
            var attachment = JSONObject([("filename", "a.txt"), ("contentType", "text/plain"), ("content", "aGk=")])
            let key = field.split(separator: " ")[1]
            attachment[String(key)] = payload
            object["attachments"] = [.object(attachment)]
        case "tag": object["tags"] = ["kind": payload]
        case "configurationSet": object["configurationSet"] = payload
        case "idempotencyKey": object["idempotencyKey"] = payload
        case "template data":
            object["subject"] = nil
            object["text"] = nil
            object["template"] = "order-shipped"
            object["data"] = ["id": payload, "order_customer": ["name": payload], "items": []]
        default: break
        }
        return .object(object)
    }

    @Test(arguments: [
        "from", "to", "cc", "replyTo", "subject", "header value", "header name", "attachment filename",
        "attachment contentType", "attachment contentId", "tag", "configurationSet", "idempotencyKey", "template data",
    ])
    func aLineBreakInAnyFieldInjectsNoHeader(_ field: String) throws {
        switch reader.read(Self.notification(injecting: field), deadline: .now + .seconds(10)) {
        case .failure(.invalid(let error)):
            #expect(!error.errors.isEmpty)
        case .failure(.unavailable(let failure)):
            Issue.record("unexpected: \(failure)")
        case .success(let email):
            // Accepted: the line break must be gone from the message's header block. (In a body, a
            // line reading "Bcc: ..." is only text.)
            let raw = String(decoding: try MIMEWriter().write(email.message), as: UTF8.self)
            let head = raw.components(separatedBy: "\r\n\r\n")[0]
            let fields = head.replacingOccurrences(of: "\r\n ", with: " ").components(separatedBy: "\r\n")
            #expect(!fields.contains { $0.lowercased().hasPrefix("bcc:") }, "\(field) injected a Bcc header")
            // Only template data is accepted: the rendered subject is made one line.
            #expect(field == "template data", "\(field) was accepted")
        }
    }
}
