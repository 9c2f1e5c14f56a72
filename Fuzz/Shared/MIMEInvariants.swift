import EmailKit

/// What every message `MIMEWriter` writes must satisfy, checked against the `EmailMessage` it
/// was written from:
/// - 7-bit: every octet 1–127; CR and LF only as CRLF; no line over 998 octets;
/// - every body line (7bit, quoted-printable or base64) at most 76 characters;
/// - the header block holds exactly the fields the message asks for: one `From`, `Subject`,
///   `Date`, `Message-ID`, `MIME-Version`; one `To`, `Cc`, `Reply-To` when there are such
///   recipients; each custom header exactly as often as the message has it; never `Bcc`;
/// - it reads back: addresses and display names, the subject, custom header values, the text
///   and HTML bodies (line breaks as CRLF) and each attachment's file name, media type,
///   content ID and bytes.
///
/// Not read back: the legacy `name` parameter of an attachment's `Content-Type` (encoded-words
/// inside quotes, which RFC 2047 does not bless); the Python `email` oracle in the test suite
/// covers it.
enum MIMEInvariants {
    /// Stops the process, naming the broken rule and showing the message, when `raw` breaks one.
    static func enforce(_ raw: [UInt8], writtenFrom message: EmailMessage) {
        do {
            try verify(raw, writtenFrom: message)
        } catch {
            let shown = String(decoding: raw.prefix(6000), as: UTF8.self)
            fatalError("MIME invariant broken: \(error)\n--- message as written ---\n\(shown)\n--- written from ---\n\(message)")
        }
    }

    static func verify(_ raw: [UInt8], writtenFrom message: EmailMessage) throws(MIMEReadError) {
        try verifyOctets(raw)
        let entity = try MIMEEntity(raw[...])
        try verifyHeaderBlock(entity, message: message)
        var leaves: [MIMEEntity] = []
        try collectLeaves(entity, into: &leaves)
        try verifyBodies(leaves, message: message)
    }

    // MARK: - Octets and lines

    private static func verifyOctets(_ raw: [UInt8]) throws(MIMEReadError) {
        var lineLength = 0
        for (index, byte) in raw.enumerated() {
            guard (1...127).contains(byte) else { throw MIMEReadError("octet \(byte) at \(index): not 7-bit") }
            switch byte {
            case UInt8(ascii: "\r"):
                guard index + 1 < raw.count, raw[index + 1] == UInt8(ascii: "\n") else { throw MIMEReadError("bare CR at \(index)") }
            case UInt8(ascii: "\n"):
                guard index > 0, raw[index - 1] == UInt8(ascii: "\r") else { throw MIMEReadError("bare LF at \(index)") }
                lineLength = 0
            default:
                lineLength += 1
                guard lineLength <= 998 else { throw MIMEReadError("a line over 998 octets ending after \(index)") }
            }
        }
    }

    // MARK: - Header block

    private static let standardFields: Set<String> = ["from", "to", "cc", "reply-to", "subject", "date", "message-id", "mime-version"]

    private static func verifyHeaderBlock(_ entity: MIMEEntity, message: EmailMessage) throws(MIMEReadError) {
        let names = entity.fields.map { $0.name.lowercased() }
        guard !names.contains("bcc") else { throw MIMEReadError("a Bcc field in the header block") }
        let expectedCounts: [String: Int] = [
            "from": 1, "subject": 1, "date": 1, "message-id": 1, "mime-version": 1,
            "to": message.to.isEmpty ? 0 : 1, "cc": message.cc.isEmpty ? 0 : 1, "reply-to": message.replyTo.isEmpty ? 0 : 1,
        ]
        for (name, expected) in expectedCounts where names.filter({ $0 == name }).count != expected {
            throw MIMEReadError("\(names.filter { $0 == name }.count) \(name) fields, expected \(expected)")
        }
        let custom = entity.fields.filter { !standardFields.contains($0.name.lowercased()) && !$0.name.lowercased().hasPrefix("content-") }
        guard custom.map(\.name) == message.headers.map(\.name) else {
            throw MIMEReadError("custom fields \(custom.map(\.name)), expected \(message.headers.map(\.name))")
        }
        for (field, header) in zip(custom, message.headers) {
            guard try HeaderValue.unstructured(field.value) == Array(header.value.utf8) else {
                throw MIMEReadError("header \(header.name) does not read back as \(String(reflecting: header.value))")
            }
        }

        try verifyAddresses(entity, "From", [message.from])
        try verifyAddresses(entity, "To", message.to)
        try verifyAddresses(entity, "Cc", message.cc)
        try verifyAddresses(entity, "Reply-To", message.replyTo)
        guard let subject = try entity.field("Subject"), try HeaderValue.unstructured(subject) == Array(message.subject.utf8) else {
            throw MIMEReadError("the subject does not read back as \(String(reflecting: message.subject))")
        }
    }

    private static func verifyAddresses(_ entity: MIMEEntity, _ name: String, _ addresses: [EmailAddress]) throws(MIMEReadError) {
        guard let value = try entity.field(name) else { return }
        let read = try HeaderValue.mailboxes(value)
        let expected = addresses.map { HeaderValue.Mailbox(displayName: $0.displayName.map { Array($0.utf8) }, address: $0.asciiAddress) }
        guard read == expected else {
            throw MIMEReadError("\(name) reads back as \(read), expected \(expected)")
        }
    }

    // MARK: - Bodies

    private static func collectLeaves(_ entity: MIMEEntity, into leaves: inout [MIMEEntity]) throws(MIMEReadError) {
        if try entity.mediaType().hasPrefix("multipart/") {
            guard entity.parts.count >= 2 else { throw MIMEReadError("a multipart of \(entity.parts.count) part") }
            for part in entity.parts { try collectLeaves(part, into: &leaves) }
            return
        }
        var lineStart = entity.body.startIndex
        while lineStart < entity.body.endIndex {
            let lineEnd = MIMEEntity.crlf(in: entity.body, from: lineStart) ?? entity.body.endIndex
            guard lineEnd - lineStart <= 76 else { throw MIMEReadError("a body line of \(lineEnd - lineStart) characters") }
            lineStart = lineEnd + 2
        }
        leaves.append(entity)
    }

    /// An attachment as read back or as expected.
    private struct Attachment: Equatable {
        var filename: String
        var mediaType: String
        var contentID: String?
        var data: [UInt8]
    }

    private static func verifyBodies(_ leaves: [MIMEEntity], message: EmailMessage) throws(MIMEReadError) {
        var texts: [[UInt8]] = []
        var htmls: [[UInt8]] = []
        var attachments: [Attachment] = []
        for leaf in leaves {
            let mediaType = try leaf.mediaType()
            if let disposition = try leaf.field("Content-Disposition") {
                let parameters = try HeaderValue.parameters(of: disposition)
                guard let filename = parameters.parameters.first(where: { $0.name == "filename" })?.value else {
                    throw MIMEReadError("an attachment without a file name")
                }
                let contentID = try leaf.field("Content-ID").map { HeaderValue.trimmed($0) }
                guard (contentID != nil) == (parameters.value == "inline") else {
                    throw MIMEReadError("disposition \(parameters.value) with content ID \(contentID ?? "none")")
                }
                attachments.append(Attachment(
                    filename: filename, mediaType: mediaType,
                    contentID: contentID.map { String($0.dropFirst().dropLast()) }, data: try leaf.decodedBody()))
                continue
            }
            let charset = try HeaderValue.parameters(of: leaf.field("Content-Type") ?? []).parameters.first { $0.name == "charset" }?.value
            guard charset == "utf-8" else { throw MIMEReadError("\(mediaType) without charset=utf-8") }
            switch mediaType {
            case "text/plain": texts.append(try leaf.decodedBody())
            case "text/html": htmls.append(try leaf.decodedBody())
            default: throw MIMEReadError("a body of type \(mediaType) without a disposition")
            }
        }

        let text = message.textBody.flatMap { $0.isEmpty ? nil : $0 }
        let html = message.htmlBody.flatMap { $0.isEmpty ? nil : $0 }
        if text == nil && html == nil && message.attachments.isEmpty {
            guard texts == [[]], htmls.isEmpty, attachments.isEmpty else { throw MIMEReadError("an empty message is not one empty text/plain part") }
            return
        }
        guard texts == (text.map { [crlfLines($0)] } ?? []) else { throw MIMEReadError("the text body does not read back") }
        guard htmls == (html.map { [crlfLines($0)] } ?? []) else { throw MIMEReadError("the HTML body does not read back") }
        let expected = message.attachments.map {
            Attachment(filename: $0.filename, mediaType: $0.contentType.lowercased(), contentID: $0.contentID, data: $0.data)
        }
        guard attachments.count == expected.count, expected.allSatisfy({ attachment in
            attachments.filter { $0 == attachment }.count == expected.filter { $0 == attachment }.count
        }) else {
            throw MIMEReadError("attachments read back as \(attachments.map { ($0.filename, $0.mediaType, $0.contentID, $0.data.count) })")
        }
    }

    /// `text` with every line break (CRLF, CR or LF) as CRLF, as the writer sends it.
    private static func crlfLines(_ text: String) -> [UInt8] {
        var lines: [UInt8] = []
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                if !previousWasCR { lines.append(contentsOf: "\r\n".utf8) }
                previousWasCR = false
            } else if byte == UInt8(ascii: "\r") {
                lines.append(contentsOf: "\r\n".utf8)
                previousWasCR = true
            } else {
                lines.append(byte)
                previousWasCR = false
            }
        }
        return lines
    }
}
