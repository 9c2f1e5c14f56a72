import ByteEncoding
import EmailKit

extension NotificationValidator {
    /// Each attachment's file name, media type, content ID and content (base64, or read from S3). (How many there may
    /// be is checked by the parser, before any is read.)
    func attachments(of notification: Notification, at path: FieldPath, problems: inout ValidationError) -> [EmailAttachment] {
        var attachments: [EmailAttachment] = []
        for (index, attachment) in notification.attachments.enumerated() {
            let field = path.field("attachments").index(index)
            let filename = attachment.filename.trimmingWhitespace()
            if filename.isEmpty {
                problems.append(field.field("filename"), .missing, "must not be empty")
            } else if let scalar = DisplaySafety.firstUnsafeScalar(in: filename) {
                problems.append(field.field("filename"), .unsafeCharacter, "must not contain control or bidirectional formatting characters (found \(DisplaySafety.codePoint(scalar)))")
            }
            if !MIMEWriter.isAttachableMediaType(attachment.contentType) {
                problems.append(field.field("contentType"), .invalidValue, "is not a media type like 'application/pdf' (type/subtype, no parameters, not multipart or message): '\(attachment.contentType)'")
            }
            let contentID = attachment.contentID.map(Self.withoutAngleBrackets)
            if let contentID, !MIMEWriter.isContentID(contentID) {
                problems.append(field.field("contentId"), .invalidValue, "must be 1-250 printable ASCII characters without spaces, angle brackets or ()[]\\,;:\"")
            }
            // Content read from S3 (AttachmentFetcher) is attached as it is, without a copy.
            // Content as encoders write it unbroken is kept as text and sent without decoding;
            // anything else the lenient decoder accepts (line breaks, stray padding bits) is
            // decoded and encoded afresh by the writer.
            if let data = attachment.data {
                attachments.append(EmailAttachment(filename: filename, contentType: attachment.contentType, data: data, contentID: contentID))
            } else if let text = Base64Text(canonical: attachment.content.utf8) {
                attachments.append(EmailAttachment(filename: filename, contentType: attachment.contentType, base64: text, contentID: contentID))
            } else if let data = Base64Decoder.decode(attachment.content) {
                attachments.append(EmailAttachment(filename: filename, contentType: attachment.contentType, data: data, contentID: contentID))
            } else {
                problems.append(field.field("content"), .invalidBase64, "is not valid base64")
            }
        }
        return attachments
    }

    private static func withoutAngleBrackets(_ id: String) -> String {
        id.hasPrefix("<") && id.hasSuffix(">") && id.count >= 2 ? String(id.dropFirst().dropLast()) : id
    }
}
