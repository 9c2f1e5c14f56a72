/// A file carried by an e-mail, sent base64-encoded.
///
/// The content is `[UInt8]` rather than `Data`: the MIME writer reads it as a
/// contiguous byte buffer and writes into `[UInt8]`, so one byte type end to end
/// avoids conversions, and `Array(data)` is the only step a `Data` caller needs.
///
/// Content that arrives as canonical base64 (``Base64Text``) can be kept that way:
/// the writer then sends the text as it is, cut into lines, instead of decoding it
/// here and encoding it again there. Either way the attachment is the same file:
/// equality and hashing compare the decoded bytes and the metadata, never how the
/// content is held.
public struct EmailAttachment: Sendable, Hashable {
    /// The file name shown to the recipient; any Unicode text without CR, LF or NUL.
    public var filename: String
    /// The media type, `type/subtype` without parameters, such as `application/pdf`.
    public var contentType: String
    /// Set for an image the HTML body shows inline as `<img src="cid:ID">`: the ID
    /// without angle brackets, such as `logo@example.com` or `logo.png`.
    public var contentID: String?
    /// The file's content, as it was given.
    var content: Content

    /// How an attachment holds its content.
    enum Content: Sendable {
        case bytes([UInt8])
        case base64(Base64Text)
    }

    public init(filename: String, contentType: String, data: [UInt8], contentID: String? = nil) {
        self.filename = filename
        self.contentType = contentType
        self.content = .bytes(data)
        self.contentID = contentID
    }

    /// An attachment whose content is `base64`, kept encoded so that the writer sends it without
    /// decoding and encoding it again.
    public init(filename: String, contentType: String, base64: Base64Text, contentID: String? = nil) {
        self.filename = filename
        self.contentType = contentType
        self.content = .base64(base64)
        self.contentID = contentID
    }

    /// The file's bytes. Reading decodes content given as base64 text, on every read; setting
    /// stores the bytes as they are.
    public var data: [UInt8] {
        get {
            switch content {
            case .bytes(let bytes): bytes
            case .base64(let text): text.decoded()
            }
        }
        set {
            content = .bytes(newValue)
        }
    }

    /// The file's size in bytes, known without decoding.
    public var byteCount: Int {
        switch content {
        case .bytes(let bytes): bytes.count
        case .base64(let text): text.decodedCount
        }
    }

    /// Whether this attachment is shown inside the HTML body rather than offered as a file.
    public var isInline: Bool {
        contentID != nil
    }

    /// The same file: the same metadata and the same decoded bytes, however each side holds them.
    public static func == (lhs: EmailAttachment, rhs: EmailAttachment) -> Bool {
        guard lhs.filename == rhs.filename, lhs.contentType == rhs.contentType, lhs.contentID == rhs.contentID,
              lhs.byteCount == rhs.byteCount else {
            return false
        }
        switch (lhs.content, rhs.content) {
        case (.bytes(let left), .bytes(let right)):
            return left == right
        case (.base64(let left), .base64(let right)):
            // Canonical base64 has one text per byte sequence, so equal texts mean equal bytes.
            return left == right
        case (.bytes(let bytes), .base64(let text)), (.base64(let text), .bytes(let bytes)):
            return bytes == text.decoded()
        }
    }

    /// Hashes the decoded bytes, so that equal attachments hash alike whichever way they hold
    /// their content; for base64 content that decodes it.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(filename)
        hasher.combine(contentType)
        hasher.combine(contentID)
        hasher.combine(data)
    }
}
