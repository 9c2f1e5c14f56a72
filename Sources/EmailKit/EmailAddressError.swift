/// Why a string is not an e-mail address this library can send to.
///
/// Carries the rejected input and the precise reason, so a caller can report
/// "`to[2]`: invalid e-mail address …" without re-parsing.
public struct EmailAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the address.
    public enum Reason: Sendable, Equatable {
        /// The input is empty or only whitespace.
        case empty
        /// No `@` separates the local part from the domain.
        case missingAtSign
        /// A `<` without a matching `>` at the end, or text after the `>`.
        case malformedAngleBrackets
        /// A `"` opens a quoted string that never closes.
        case unterminatedQuotedString
        /// The display name holds a control character (such as CR or LF) that could forge a header,
        /// or a bidirectional formatting character (U+202E) that could disguise it.
        case controlCharacterInDisplayName
        /// The local part is neither a dot-atom nor a quoted string (RFC 5322 §3.4.1).
        case invalidLocalPart
        /// The local part holds non-ASCII characters, which need SMTPUTF8.
        case nonASCIILocalPart
        /// The local part is longer than RFC 5321's 64 octets.
        case localPartTooLong(octets: Int)
        /// A domain label is empty, has a character outside letters, digits and hyphen,
        /// or starts or ends with a hyphen.
        case invalidDomainLabel(String)
        /// A domain label, in its ASCII (punycode) form, is longer than 63 octets.
        case domainLabelTooLong(String)
        /// The domain, in its ASCII form, is longer than 253 octets.
        case domainTooLong(octets: Int)
        /// The domain has a single label; SMTP only delivers to fully-qualified names (RFC 5321 §2.3.5).
        case domainNotFullyQualified
        /// The whole address, in its ASCII form, is longer than 254 octets.
        case addressTooLong(octets: Int)
    }

    /// The text that was rejected.
    public var input: String
    /// Why it was rejected.
    public var reason: Reason

    public init(input: String, reason: Reason) {
        self.input = input
        self.reason = reason
    }

    public var description: String {
        // String(reflecting:) escapes control characters, so a forged CR/LF shows as \r\n.
        "invalid e-mail address \(String(reflecting: input)): \(reasonText)"
    }

    private var reasonText: String {
        switch reason {
        case .empty: "it is empty"
        case .missingAtSign: "there is no @ between the local part and the domain"
        case .malformedAngleBrackets: "the address must be the last thing, in a single <…>"
        case .unterminatedQuotedString: "a quoted string is not closed"
        case .controlCharacterInDisplayName: "the display name contains a control character (such as CR or LF) or a bidirectional formatting character (such as U+202E)"
        case .invalidLocalPart: "the part before @ is not a valid dot-atom or quoted string"
        case .nonASCIILocalPart: "the part before @ contains non-ASCII characters, which Amazon SES cannot send (no SMTPUTF8)"
        case .localPartTooLong(let octets): "the part before @ is \(octets) octets; the limit is 64"
        case .invalidDomainLabel(let label): "domain label \(String(reflecting: label)) may only hold letters, digits and inner hyphens"
        case .domainLabelTooLong(let label): "domain label \(String(reflecting: label)) is longer than 63 octets"
        case .domainTooLong(let octets): "the domain is \(octets) octets; the limit is 253"
        case .domainNotFullyQualified: "the domain needs at least two labels, like example.com"
        case .addressTooLong(let octets): "the address is \(octets) octets; the limit is 254"
        }
    }
}
