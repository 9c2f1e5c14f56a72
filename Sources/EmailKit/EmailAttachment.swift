/// A file carried by an e-mail, sent base64-encoded.
///
/// The content is `[UInt8]` rather than `Data`: the MIME writer reads it as a
/// contiguous byte buffer and writes into `[UInt8]`, so one byte type end to end
/// avoids conversions, and `Array(data)` is the only step a `Data` caller needs.
public struct EmailAttachment: Sendable, Hashable {
    /// The file name shown to the recipient; any Unicode text without CR, LF or NUL.
    public var filename: String
    /// The media type, `type/subtype` without parameters, such as `application/pdf`.
    public var contentType: String
    /// The file's bytes.
    public var data: [UInt8]
    /// Set for an image the HTML body shows inline as `<img src="cid:ID">`: the ID
    /// without angle brackets, such as `logo@example.com` or `logo.png`.
    public var contentID: String?

    public init(filename: String, contentType: String, data: [UInt8], contentID: String? = nil) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
        self.contentID = contentID
    }

    /// Whether this attachment is shown inside the HTML body rather than offered as a file.
    public var isInline: Bool {
        contentID != nil
    }
}
