import ByteEncoding
import WallClock

/// Writes an `EmailMessage` as an Internet message (RFC 5322, MIME RFC 2045–2049),
/// the raw content SES sends.
///
/// The output is 7-bit ASCII with CRLF line endings; header lines are folded to 76
/// characters wherever the content allows and no line exceeds 998 octets; encoded
/// body lines are at most 76 characters. Headers come in this order: `From`, `To`,
/// `Cc`, `Reply-To`, `Subject`, `Date`, `Message-ID`, `MIME-Version`, the message's
/// own headers, then the `Content-*` fields. `Bcc` recipients are never written:
/// pass them to SES as envelope destinations.
///
/// The body is `multipart/mixed` (body, then attachments) around
/// `multipart/alternative` (text/plain first, then HTML) around `multipart/related`
/// (the HTML and the attachments with a content ID); a level that would hold a
/// single part is left out, so a text-only message is one `text/plain` part. Text
/// goes as 7bit when it is short-lined ASCII, else quoted-printable, always UTF-8;
/// attachments go as base64 with RFC 2231 file names.
///
/// Every user-supplied header text is checked: CR, LF or NUL anywhere is a
/// `MIMEError.forbiddenCharacter` naming the field, never a forged header. Extra header fields
/// must be allowed by ``HeaderPolicy``.
public struct MIMEWriter: Sendable {
    public init() {}

    /// Writes `message` dated now, with a random Message-ID at the sender's domain.
    public func write(_ message: EmailMessage) throws(MIMEError) -> [UInt8] {
        try write(message, date: .now(), messageID: Self.randomMessageID(for: message))
    }

    /// Writes `message` with the given `Date` and `Message-ID`.
    ///
    /// - Parameter messageID: `left@right` without angle brackets, printable ASCII.
    public func write(_ message: EmailMessage, date: WallClockTime, messageID: String) throws(MIMEError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(Self.estimatedSize(of: message))
        try write(message, date: date, messageID: messageID, appendingTo: &output)
        return output
    }

    /// Appends `message`, dated now with a random Message-ID, to `output`: for a message that is
    /// written straight into a larger buffer (a request body) rather than into one of its own.
    /// The capacity is the caller's: ``size(of:)`` is what this appends.
    public func write(_ message: EmailMessage, appendingTo output: inout [UInt8]) throws(MIMEError) {
        try write(message, date: .now(), messageID: Self.randomMessageID(for: message), appendingTo: &output)
    }

    private func write(_ message: EmailMessage, date: WallClockTime, messageID: String, appendingTo output: inout [UInt8]) throws(MIMEError) {
        var bodies = Bodies.written
        try appendMessageHeaders(of: message, date: date, messageID: messageID, to: &output)
        try appendEntity(MIMEPart(message: message), to: &output, bodies: &bodies)
    }

    /// The size in bytes of what ``write(_:)`` produces for `message`, found without encoding its
    /// bodies: header fields and boundaries are written and counted, bodies and attachments only
    /// counted. Exact, since every date, Message-ID and boundary the writer makes has one length.
    /// Throws what ``write(_:)`` would throw.
    public static func size(of message: EmailMessage) throws(MIMEError) -> Int {
        var output: [UInt8] = []
        var bodies = Bodies.counted(0)
        try MIMEWriter().appendMessageHeaders(of: message, date: .now(), messageID: randomMessageID(for: message), to: &output)
        try MIMEWriter().appendEntity(MIMEPart(message: message), to: &output, bodies: &bodies)
        guard case .counted(let bodyBytes) = bodies else { return output.count }
        return output.count + bodyBytes
    }

    /// Whether bodies go into the output, or only their sizes are added up.
    private enum Bodies {
        case written
        case counted(Int)
    }

    // MARK: - Message headers

    private func appendMessageHeaders(
        of message: EmailMessage,
        date: WallClockTime,
        messageID: String,
        to output: inout [UInt8]
    ) throws(MIMEError) {
        appendAddressField("From", [message.from], to: &output)
        appendAddressField("To", message.to, to: &output)
        appendAddressField("Cc", message.cc, to: &output)
        appendAddressField("Reply-To", message.replyTo, to: &output)

        try Self.checkHeaderText(message.subject, field: "subject")
        var subject = HeaderField(name: "Subject")
        subject.appendText(message.subject)
        subject.append(to: &output)

        appendField("Date", try RFC5322Date.format(date), to: &output)
        guard Self.isMessageID(messageID) else {
            throw MIMEError.invalidMessageID(messageID)
        }
        appendField("Message-ID", "<\(messageID)>", to: &output)
        appendField("MIME-Version", "1.0", to: &output)

        for (index, header) in message.headers.enumerated() {
            try Self.checkCustomHeaderName(header.name, field: "headers[\(index)].name")
            try Self.checkHeaderText(header.value, field: "headers[\(index)].value")
            var field = HeaderField(name: header.name)
            field.appendText(header.value)
            field.append(to: &output)
        }
    }

    /// Writes `name: a, b, …`, or nothing for an empty list.
    private func appendAddressField(_ name: String, _ addresses: [EmailAddress], to output: inout [UInt8]) {
        guard !addresses.isEmpty else {
            return
        }
        var field = HeaderField(name: name)
        for (index, address) in addresses.enumerated() {
            field.appendAddress(address, followedByComma: index < addresses.count - 1)
        }
        field.append(to: &output)
    }

    /// Writes a field whose value the writer made itself and knows to be one ASCII word.
    private func appendField(_ name: String, _ value: String, to output: inout [UInt8]) {
        var field = HeaderField(name: name)
        field.appendWord(value)
        field.append(to: &output)
    }

    // MARK: - Body parts

    /// Writes the part's `Content-*` fields, the empty line and its body.
    private func appendEntity(_ part: MIMEPart, to output: inout [UInt8], bodies: inout Bodies) throws(MIMEError) {
        switch part {
        case .text(let text, let subtype):
            let encoding = TextTransferEncoding.choose(for: text)
            var contentType = HeaderField(name: "Content-Type")
            contentType.appendWord("text/\(subtype)")
            contentType.appendParameter("charset", "utf-8")
            contentType.append(to: &output)
            appendField("Content-Transfer-Encoding", encoding.headerValue, to: &output)
            Self.appendCRLF(to: &output)
            switch bodies {
            case .written: encoding.append(text, to: &output)
            case .counted(let count): bodies = .counted(count + encoding.encodedCount(text))
            }

        case .attachment(let attachment, let index):
            try appendAttachmentHeaders(attachment, field: "attachments[\(index)]", to: &output)
            Self.appendCRLF(to: &output)
            switch (bodies, attachment.content) {
            case (.written, .bytes(let bytes)):
                Base64Lines.appendLines(of: bytes, to: &output)
            case (.written, .base64(let text)):
                // Already what the bytes would encode to: only cut into lines, never decoded.
                Base64Lines.appendLines(of: text, to: &output)
            case (.counted(let count), _):
                bodies = .counted(count + Base64Lines.lineEncodedCount(attachment.byteCount))
            }

        case .multipart(let subtype, let parts):
            // `=_` cannot occur in quoted-printable or base64 text and 7-bit bodies
            // holding it are sent quoted-printable, so no body line can match.
            let boundary = "=_" + Self.randomHex(byteCount: 16)
            var contentType = HeaderField(name: "Content-Type")
            contentType.appendWord("multipart/\(subtype)")
            contentType.appendParameter("boundary", "\"\(boundary)\"")
            contentType.append(to: &output)
            Self.appendCRLF(to: &output)
            for part in parts {
                output.append(contentsOf: "--\(boundary)\r\n".utf8)
                try appendEntity(part, to: &output, bodies: &bodies)
                Self.appendCRLF(to: &output)
            }
            output.append(contentsOf: "--\(boundary)--\r\n".utf8)
        }
    }

    private func appendAttachmentHeaders(_ attachment: EmailAttachment, field: String, to output: inout [UInt8]) throws(MIMEError) {
        try Self.checkHeaderText(attachment.filename, field: "\(field).filename")
        guard !attachment.filename.isEmpty else {
            throw MIMEError.emptyFilename(field: "\(field).filename")
        }
        try Self.checkHeaderText(attachment.contentType, field: "\(field).contentType")
        guard Self.isAttachableMediaType(attachment.contentType) else {
            throw MIMEError.invalidContentType(field: "\(field).contentType", value: attachment.contentType)
        }

        var contentType = HeaderField(name: "Content-Type")
        contentType.appendWord(attachment.contentType)
        contentType.appendLegacyNameParameter(attachment.filename)
        contentType.append(to: &output)

        var disposition = HeaderField(name: "Content-Disposition")
        disposition.appendWord(attachment.isInline ? "inline" : "attachment")
        disposition.appendFilenameParameter(attachment.filename)
        disposition.append(to: &output)

        if let contentID = attachment.contentID {
            try Self.checkHeaderText(contentID, field: "\(field).contentID")
            guard Self.isContentID(contentID) else {
                throw MIMEError.invalidContentID(field: "\(field).contentID", value: contentID)
            }
            appendField("Content-ID", "<\(contentID)>", to: &output)
        }
        appendField("Content-Transfer-Encoding", "base64", to: &output)
    }

    // MARK: - Checks

    /// Rejects CR, LF and NUL, which would end a header line early and let the text forge headers.
    private static func checkHeaderText(_ text: String, field: String) throws(MIMEError) {
        if let scalar = text.unicodeScalars.first(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            throw MIMEError.forbiddenCharacter(field: field, scalar: scalar)
        }
    }

    private static func checkCustomHeaderName(_ name: String, field: String) throws(MIMEError) {
        try checkHeaderText(name, field: field)
        switch HeaderPolicy.refusal(forName: name) {
        case nil: return
        case .invalidName: throw MIMEError.invalidHeaderName(field: field, name: name)
        case let refusal?: throw MIMEError.refusedHeaderName(field: field, name: name, refusal)
        }
    }

    /// Whether `text` is a media type the writer accepts for an attachment: `type/subtype` without
    /// parameters, each an RFC 2045 token of at most 127 characters (RFC 6838 §4.2), and not a
    /// composite type: RFC 2045 §6.4 forbids base64 for `multipart` and `message`.
    public static func isAttachableMediaType(_ text: String) -> Bool {
        let pieces = text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard pieces.count == 2, pieces.allSatisfy({ (1...127).contains($0.count) && $0.allSatisfy(\.isMIMETokenCharacter) }) else {
            return false
        }
        let type = String(decoding: pieces[0], as: UTF8.self).lowercased()
        return type != "multipart" && type != "message"
    }

    /// Whether `text` is a content ID the writer accepts (without its angle brackets): 1 to 250
    /// printable ASCII characters without spaces and the specials that would break `<…>`.
    public static func isContentID(_ text: String) -> Bool {
        (1...250).contains(text.utf8.count) && text.utf8.allSatisfy(isMessageIDCharacter)
    }

    /// `left@right` of message-ID characters, the form RFC 5322 §3.6.4 gives a `msg-id`.
    private static func isMessageID(_ text: String) -> Bool {
        guard isContentID(text), let at = text.utf8.firstIndex(of: UInt8(ascii: "@")) else {
            return false
        }
        return at != text.utf8.startIndex && text.utf8.index(after: at) != text.utf8.endIndex
    }

    private static func isMessageIDCharacter(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte) && !"<>()[]\\,;:\"".utf8.contains(byte)
    }

    // MARK: - Output

    private static func appendCRLF(to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\r"))
        output.append(UInt8(ascii: "\n"))
    }

    /// A capacity that holds the whole message without regrowing in the common cases:
    /// attachments take exactly their base64 lines; text grows a little when
    /// quoted-printable (more for non-Latin text, which then regrows once).
    private static func estimatedSize(of message: EmailMessage) -> Int {
        var size = 4096
        size += (message.textBody?.utf8.count ?? 0) * 9 / 8
        size += (message.htmlBody?.utf8.count ?? 0) * 9 / 8
        for attachment in message.attachments {
            size += Base64Lines.lineEncodedCount(attachment.byteCount) + 1024
        }
        return size
    }

    /// A fresh `hex@domain` Message-ID at the sender's domain; always of the same length for one sender.
    private static func randomMessageID(for message: EmailMessage) -> String {
        "\(randomHex(byteCount: 16))@\(message.from.asciiDomain)"
    }

    /// `byteCount` random bytes from the system generator, as lowercase hex.
    private static func randomHex(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var hex: [UInt8] = []
        hex.reserveCapacity(byteCount * 2)
        // Eight bytes per draw: each draw is a getrandom(2) call.
        var word: UInt64 = 0
        for index in 0..<byteCount {
            if index % 8 == 0 { word = generator.next() }
            let byte = UInt8(truncatingIfNeeded: word >> (8 * UInt64(index % 8)))
            Hex.append(byte, uppercase: false, to: &hex)
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
