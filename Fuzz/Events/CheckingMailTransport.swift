@testable import EmailKit
@testable import SESv2
import FoundationEssentials
import JSON
@testable import NotifierHandler

/// A mail transport that sends nothing and checks everything: each e-mail the function hands it
/// is built into the SES request exactly as `SESMailTransport` builds it, and
/// - its sender must be one the allow-list allows, its recipients 1–50, its subject one line;
/// - the writer must accept it (a message that passed validation and is then refused would fail
///   late, without the field path validation gives);
/// - the raw message must keep every rule of ``MIMEInvariants``, and the request body be JSON
///   that carries the raw message and the envelope unchanged.
struct CheckingMailTransport: MailTransport {
    let senderPolicy: SenderPolicy
    private var sent = 0

    init(senderPolicy: SenderPolicy) {
        self.senderPolicy = senderPolicy
    }

    mutating func deliver(_ emails: [PreparedEmail], deadline: ContinuousClock.Instant) -> [Result<Delivery, DeliveryFailure>] {
        emails.map { email in
            let message = email.message
            precondition(senderPolicy.allows(message.from), "sender \(message.from.address) is not allowed but was sent")
            let recipients = message.to.count + message.cc.count + message.bcc.count
            precondition((1...50).contains(recipients), "\(recipients) recipients passed validation")
            precondition(!message.subject.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }, "a subject with a line break passed validation")

            let request = SESMailTransport.sendEmailRequest(for: email)
            let body: [UInt8]
            do {
                body = try request.jsonBody()
            } catch {
                fatalError("a validated message was refused by the MIME writer: \(error)\n\(message)")
            }
            let raw = Self.checkRequestBody(body, of: request)
            precondition(raw.count == (try? request.messageSize()), "MIMEWriter.size(of:) is not the written size, which the body's capacity relies on")
            MIMEInvariants.enforce(raw, writtenFrom: message)
            sent += 1
            return .success(Delivery(messageID: "fuzz-\(sent)", latency: .zero))
        }
    }

    /// The hand-written SendEmail JSON must parse and carry a raw message and the envelope
    /// intact; returns the raw message.
    private static func checkRequestBody(_ body: [UInt8], of request: SendEmailRequest) -> [UInt8] {
        guard let json = try? JSONParser.parse(body) else { fatalError("the SendEmail body is not JSON: \(String(decoding: body, as: UTF8.self))") }
        guard let raw = json["Content"]?["Raw"]?["Data"]?.stringValue.flatMap({ try? TransferDecoding.base64(Array($0.utf8)) }) else {
            fatalError("the SendEmail body carries no base64 raw message")
        }
        precondition(json["FromEmailAddress"]?.stringValue == request.fromEmailAddress, "the SendEmail body changes the sender")
        for (key, addresses) in [("ToAddresses", request.toAddresses), ("CcAddresses", request.ccAddresses), ("BccAddresses", request.bccAddresses)] {
            let written = json["Destination"]?[key]?.arrayValue?.compactMap(\.stringValue) ?? []
            precondition(written == addresses, "the SendEmail body's \(key) are \(written), not \(addresses)")
        }
        return raw
    }
}
