import EmailKit
import FoundationEssentials

/// Writes each e-mail as `<message id>.eml` into a folder instead of sending it: the local default
/// (`NOTIFIER_OUTBOX_DIR`), like a file-based mail backend. Message ids are bookkept exactly as
/// for SES, so the rest of the function cannot tell the difference.
struct OutboxMailTransport: MailTransport {
    var directory: String
    var mimeWriter = MIMEWriter()

    /// Creates the folder when it is missing.
    init(directory: String) throws(ConfigurationError) {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError(variable: "NOTIFIER_OUTBOX_DIR", problem: "names a folder that cannot be created: \(directory)")
        }
    }

    mutating func deliver(_ emails: [PreparedEmail], deadline: ContinuousClock.Instant) -> [Result<Delivery, DeliveryFailure>] {
        emails.map { email in
            let start = ContinuousClock.now
            guard ContinuousClock.now < deadline else {
                return .failure(DeliveryFailure(code: "DeadlineExceeded", message: "the invocation deadline came before this message was written", isRetryable: true))
            }
            let messageID = "outbox-" + UUID().uuidString.lowercased()
            let raw: [UInt8]
            do {
                raw = try mimeWriter.write(email.message, date: Date(), messageID: "\(messageID)@\(email.message.from.asciiDomain)")
            } catch {
                return .failure(DeliveryFailure(code: "InvalidMessage", message: "\(error)", isRetryable: false))
            }
            do {
                try Data(raw).write(to: URL(filePath: "\(directory)/\(messageID).eml"), options: .atomic)
            } catch {
                return .failure(DeliveryFailure(code: "OutboxWriteFailed", message: "could not write \(messageID).eml: \(error)", isRetryable: true))
            }
            return .success(Delivery(messageID: messageID, latency: ContinuousClock.now - start))
        }
    }
}
