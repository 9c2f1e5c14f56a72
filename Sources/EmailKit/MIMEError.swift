/// Why `MIMEWriter` refused to write a message.
///
/// Each case names the field at fault as a path into `EmailMessage`, such as
/// `subject`, `headers[2].value` or `attachments[0].filename`.
public enum MIMEError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field contains CR, LF or NUL, which would end the header early and could forge new ones.
    case forbiddenCharacter(field: String, scalar: Unicode.Scalar)
    /// A custom header name is empty or holds something other than printable ASCII without a colon.
    case invalidHeaderName(field: String, name: String)
    /// A custom header that ``HeaderPolicy`` does not allow: one the writer owns, such as `From`
    /// or `Content-Type`, an `X-SES-*` command, or a field outside the allow-list.
    case refusedHeaderName(field: String, name: String, HeaderPolicy.Refusal)
    /// An attachment's media type is not a `type/subtype` pair of RFC 2045 tokens,
    /// or is `multipart/*` or `message/*`, which cannot be sent base64-encoded.
    case invalidContentType(field: String, value: String)
    /// A content ID is empty or holds spaces, angle brackets or other specials.
    case invalidContentID(field: String, value: String)
    /// An attachment has an empty file name.
    case emptyFilename(field: String)
    /// The Message-ID is not `left@right` in printable ASCII without spaces or angle brackets.
    case invalidMessageID(String)
    /// The date, given as seconds since 1970, cannot be written as an RFC 5322 date (years 1900 to 9999).
    case dateOutOfRange(secondsSince1970: Int64)

    public var description: String {
        switch self {
        case .forbiddenCharacter(let field, let scalar):
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            return "\(field) contains U+\(code); CR, LF and NUL are not allowed in a header field"
        case .invalidHeaderName(let field, let name):
            return "\(field): \(String(reflecting: name)) is not a header name (printable ASCII, no colon)"
        case .refusedHeaderName(let field, let name, let refusal):
            return "\(field): \(name) \(refusal)"
        case .invalidContentType(let field, let value):
            return "\(field): \(String(reflecting: value)) is not a media type like application/pdf"
        case .invalidContentID(let field, let value):
            return "\(field): \(String(reflecting: value)) is not a content ID (printable ASCII, no spaces, angle brackets or specials)"
        case .emptyFilename(let field):
            return "\(field) is empty"
        case .invalidMessageID(let value):
            return "\(String(reflecting: value)) is not a Message-ID of the form left@right"
        case .dateOutOfRange(let seconds):
            return "date \(seconds) seconds after 1970 is outside the years 1900 to 9999"
        }
    }
}
