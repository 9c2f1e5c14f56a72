import AWSCore
import EmailKit
import SESv2

/// Builds each e-mail's MIME and sends it with SES v2 `SendEmail` (raw content), the recipients
/// given as the SES `Destination` so that Bcc recipients get the mail without a `Bcc` header.
struct SESMailTransport: MailTransport {
    let client: SESClient
    let mimeWriter = MIMEWriter()
    let maxConcurrentSends: Int

    init(client: SESClient, maxConcurrentSends: Int) {
        self.client = client
        self.maxConcurrentSends = maxConcurrentSends
    }

    mutating func deliver(_ emails: [PreparedEmail], deadline: ContinuousClock.Instant) -> [Result<Delivery, DeliveryFailure>] {
        let requests = emails.map { email -> Result<SendEmailRequest, DeliveryFailure> in
            do throws(MIMEError) {
                return .success(try Self.sendEmailRequest(for: email, writer: mimeWriter))
            } catch {
                return .failure(DeliveryFailure(code: "InvalidMessage", message: error.description, isRetryable: false))
            }
        }
        var sent = client.sendEmails(requests.compactMap { try? $0.get() }, maxConcurrent: maxConcurrentSends, deadline: deadline)
            .makeIterator()
        return requests.map { request in
            switch request {
            case .failure(let failure):
                return .failure(failure)
            case .success:
                guard let result = sent.next() else { preconditionFailure("SESClient answered fewer requests than it was given") }
                return result.map { Delivery(messageID: $0.messageID, latency: $0.latency) }.mapError(DeliveryFailure.init)
            }
        }
    }

    static func sendEmailRequest(for email: PreparedEmail, writer: MIMEWriter) throws(MIMEError) -> SendEmailRequest {
        let message = email.message
        return SendEmailRequest(
            rawMessage: try writer.write(message),
            fromEmailAddress: message.from.asciiAddress,
            toAddresses: message.to.map(\.asciiAddress),
            ccAddresses: message.cc.map(\.asciiAddress),
            bccAddresses: message.bcc.map(\.asciiAddress),
            configurationSetName: email.configurationSet,
            tags: message.tags)
    }
}

extension DeliveryFailure {
    /// SES's code, or ours for failures SES did not name (`ConnectionFailed`, `DeadlineExceeded`,
    /// `TooManyRecipients`, …), and whether SES may have sent the message all the same.
    init(_ error: AWSServiceError) {
        self.init(code: error.code, message: error.description, isRetryable: error.isRetryable, mayHaveBeenSent: error.mayHaveBeenSent)
    }
}
