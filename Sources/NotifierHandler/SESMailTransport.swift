import EmailKit

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
        var results = [Result<Delivery, DeliveryFailure>?](repeating: nil, count: emails.count)
        var requests: [SendEmailRequest] = []
        var requestIndices: [Int] = []
        for (index, email) in emails.enumerated() {
            do {
                requests.append(try Self.sendEmailRequest(for: email, writer: mimeWriter))
                requestIndices.append(index)
            } catch {
                results[index] = .failure(DeliveryFailure(code: "InvalidMessage", message: error.description, isRetryable: false))
            }
        }
        let sent = client.sendEmails(requests, maxConcurrent: maxConcurrentSends, deadline: deadline)
        for (index, outcome) in zip(requestIndices, sent) {
            results[index] = outcome
                .map { Delivery(messageID: $0.messageID, latency: $0.latency) }
                .mapError(DeliveryFailure.init)
        }
        return results.map { $0 ?? .failure(DeliveryFailure(code: "InternalError", message: "message was not sent", isRetryable: true)) }
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
    init(_ error: SESError) {
        self.init(code: error.code ?? error.reasonCode, message: error.description, isRetryable: error.isRetryable,
                  mayHaveBeenSent: error.mayHaveBeenSent)
    }
}

extension SESError {
    /// Our code for failures SES did not name: `ConnectionFailed`, `DeadlineExceeded`, …
    var reasonCode: String {
        switch reason {
        case .service: "SESError"
        case .transport: "ConnectionFailed"
        case .tooManyRecipients: "TooManyRecipients"
        case .messageTooLarge: "MessageTooLarge"
        case .invalidEndpoint: "InvalidEndpoint"
        case .unexpectedResponse: "UnexpectedResponse"
        case .deadlinePassed: "DeadlineExceeded"
        }
    }
}
