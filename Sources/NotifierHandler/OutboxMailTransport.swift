import ByteEncoding
import EmailKit
import WallClock

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
            try LocalFile.createDirectory(directory)
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
            let messageID = "outbox-" + Self.randomUUID()
            let raw: [UInt8]
            do {
                raw = try mimeWriter.write(email.message, date: .now(), messageID: "\(messageID)@\(email.message.from.asciiDomain)")
            } catch {
                return .failure(DeliveryFailure(code: "InvalidMessage", message: "\(error)", isRetryable: false))
            }
            do {
                try LocalFile.writeAtomically(raw, to: "\(directory)/\(messageID).eml")
            } catch {
                return .failure(DeliveryFailure(code: "OutboxWriteFailed", message: "could not write \(messageID).eml: \(error)", isRetryable: true))
            }
            return .success(Delivery(messageID: messageID, latency: ContinuousClock.now - start))
        }
    }

    /// A random (version 4) UUID in lower case, `6ba7b810-9dad-41d1-80b4-00c04fd430c8`.
    static func randomUUID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = withUnsafeBytes(of: (generator.next() as UInt64, generator.next() as UInt64)) { Array($0) }
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
        bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(index) { text.append(UInt8(ascii: "-")) }
            Hex.append(byte, uppercase: false, to: &text)
        }
        return String(decoding: text, as: UTF8.self)
    }
}
