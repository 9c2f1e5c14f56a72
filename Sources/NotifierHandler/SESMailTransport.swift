import AWSCore
import EmailKit
import SESv2

/// Builds each e-mail's MIME and sends it with SES v2 `SendEmail` (raw content), the recipients
/// given as the SES `Destination` so that Bcc recipients get the mail without a `Bcc` header.
struct SESMailTransport: MailTransport {
    let client: SESClient
    let maxConcurrentSends: Int

    init(client: SESClient, maxConcurrentSends: Int) {
        self.client = client
        self.maxConcurrentSends = maxConcurrentSends
    }

    mutating func deliver(_ emails: [PreparedEmail], deadline: ContinuousClock.Instant) -> [Result<Delivery, DeliveryFailure>] {
        client.sendEmails(emails.map(Self.sendEmailRequest), maxConcurrent: maxConcurrentSends, deadline: deadline).map { result in
            result.map { Delivery(messageID: $0.messageID, latency: $0.latency) }.mapError(DeliveryFailure.init)
        }
    }

    /// The request for `email`; its MIME is written straight into the request body
    /// (``SendEmailRequest/Content/message(_:)``), and a message the writer refuses comes back
    /// as a failure coded `InvalidMessage`, not retryable.
    static func sendEmailRequest(for email: PreparedEmail) -> SendEmailRequest {
        let message = email.message
        return SendEmailRequest(
            content: .message(message),
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
