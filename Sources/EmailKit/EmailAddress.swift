/// A validated e-mail address with an optional display name.
///
/// Construction checks the syntax of RFC 5321/5322: a dot-atom or quoted-string
/// local part of at most 64 octets, a fully-qualified domain of letters, digits
/// and hyphens (labels of at most 63 octets, at most 253 in all) and at most 254
/// octets overall. Internationalised domains are accepted and sent as punycode.
/// Because the properties are immutable, every `EmailAddress` in existence is
/// safe to write into a header.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address as given, `local-part@domain`; the domain may contain non-ASCII letters.
    public let address: String
    /// The name shown beside the address (`"Ada Lovelace"`), or `nil` for none.
    public let displayName: String?
    /// The address as it goes on the wire: the domain lowercased and in punycode
    /// (`user@Bücher.example` becomes `user@xn--bcher-kva.example`).
    public let asciiAddress: String

    /// Validates `address` (`local-part@domain`, no angle brackets) and `displayName`.
    ///
    /// An empty display name is the same as `nil`; a display name may not contain
    /// control characters (C0, DEL, C1) or bidirectional formatting characters, which could forge
    /// a header or disguise what the recipient sees (``DisplaySafety``).
    public init(address: String, displayName: String? = nil) throws(EmailAddressError) {
        try self.init(address: address, displayName: displayName, parsedFrom: nil)
    }

    /// Validates the parts; errors name `parsedFrom` when given, else the argument at fault.
    private init(address: String, displayName: String?, parsedFrom text: String?) throws(EmailAddressError) {
        let name = displayName.flatMap { $0.isEmpty ? nil : $0 }
        if let name, DisplaySafety.firstUnsafeScalar(in: name) != nil {
            throw EmailAddressError(input: text ?? name, reason: .controlCharacterInDisplayName)
        }
        self.address = address
        self.displayName = name
        do throws(EmailAddressError) {
            self.asciiAddress = try Self.validatedASCIIAddress(address)
        } catch {
            throw EmailAddressError(input: text ?? address, reason: error.reason)
        }
    }

    /// Parses the forms people write: `ada@example.com`, `<ada@example.com>`,
    /// `Ada Lovelace <ada@example.com>` and `"Lovelace, Ada" <ada@example.com>`
    /// (backslash escapes inside the quotes are undone).
    public init(parsing text: String) throws(EmailAddressError) {
        let trimmed = Self.trimmingWhitespace(Substring(text))
        guard !trimmed.isEmpty else {
            throw EmailAddressError(input: text, reason: .empty)
        }
        guard let open = try Self.firstUnquotedAngleBracket(in: trimmed, input: text) else {
            try self.init(address: String(trimmed), displayName: nil, parsedFrom: text)
            return
        }
        guard trimmed.last == ">", trimmed.index(before: trimmed.endIndex) > open else {
            throw EmailAddressError(input: text, reason: .malformedAngleBrackets)
        }
        let spec = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        let name = try Self.unquotedPhrase(trimmed[..<open], input: text)
        try self.init(address: String(Self.trimmingWhitespace(spec)), displayName: name, parsedFrom: text)
    }

    /// The domain as given, after the last `@`.
    public var domain: String {
        Self.afterLastAtSign(address)
    }

    /// The domain as it goes on the wire: lowercased, non-ASCII labels in punycode.
    public var asciiDomain: String {
        Self.afterLastAtSign(asciiAddress)
    }

    /// `Name <address>`, or just the address when there is no name; for logs and messages.
    public var description: String {
        displayName.map { "\($0) <\(address)>" } ?? address
    }

    private static func afterLastAtSign(_ text: String) -> String {
        guard let at = text.utf8.lastIndex(of: UInt8(ascii: "@")) else {
            return text
        }
        return String(text[text.index(after: at)...])
    }

    // MARK: - Parsing the surrounding form

    private static func trimmingWhitespace(_ text: Substring) -> Substring {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isWhitespace($0) }),
              let last = text.lastIndex(where: { !isWhitespace($0) }) else {
            return ""
        }
        return text[first...last]
    }

    /// The position of the first `<` outside a quoted string, so `"a <b>" <c@d.e>` finds the second.
    private static func firstUnquotedAngleBracket(in text: Substring, input: String) throws(EmailAddressError) -> Substring.Index? {
        var inQuotes = false
        var escaped = false
        for index in text.indices {
            let character = text[index]
            if escaped {
                escaped = false
            } else if inQuotes && character == "\\" {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else if !inQuotes && character == "<" {
                return index
            }
        }
        if inQuotes {
            throw EmailAddressError(input: input, reason: .unterminatedQuotedString)
        }
        return nil
    }

    /// The display-name phrase with quoted sections unquoted and unescaped; `nil` when empty.
    private static func unquotedPhrase(_ phrase: Substring, input: String) throws(EmailAddressError) -> String? {
        var name = ""
        var inQuotes = false
        var escaped = false
        for character in trimmingWhitespace(phrase) {
            if escaped {
                name.append(character)
                escaped = false
            } else if inQuotes && character == "\\" {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else {
                name.append(character)
            }
        }
        if inQuotes {
            throw EmailAddressError(input: input, reason: .unterminatedQuotedString)
        }
        return name.isEmpty ? nil : name
    }

    // MARK: - Validating the address itself

    /// Checks `address` and returns its wire form.
    private static func validatedASCIIAddress(_ address: String) throws(EmailAddressError) -> String {
        let utf8 = address.utf8
        guard !utf8.isEmpty else {
            throw EmailAddressError(input: address, reason: .empty)
        }
        guard let at = utf8.lastIndex(of: UInt8(ascii: "@")) else {
            throw EmailAddressError(input: address, reason: .missingAtSign)
        }
        if let reason = localPartProblem(utf8[..<at]) {
            throw EmailAddressError(input: address, reason: reason)
        }
        let asciiDomain = try asciiDomain(address[address.index(after: at)...], input: address)
        let asciiAddress = String(address[..<at]) + "@" + asciiDomain
        guard asciiAddress.utf8.count <= 254 else {
            throw EmailAddressError(input: address, reason: .addressTooLong(octets: asciiAddress.utf8.count))
        }
        return asciiAddress
    }

    private static func localPartProblem(_ localPart: Substring.UTF8View) -> EmailAddressError.Reason? {
        // Amazon SES does not offer SMTPUTF8 (RFC 6531), and without it a non-ASCII
        // local part has no wire form at all: unlike a domain it cannot be punycoded,
        // because only the receiving host knows what its mailbox names mean.
        if localPart.contains(where: { $0 >= 0x80 }) {
            return .nonASCIILocalPart
        }
        if localPart.count > 64 {
            return .localPartTooLong(octets: localPart.count)
        }
        let valid = localPart.first == UInt8(ascii: "\"") ? isQuotedString(localPart) : isDotAtom(localPart)
        return valid ? nil : .invalidLocalPart
    }

    /// RFC 5322 dot-atom-text: atext runs separated by single dots.
    private static func isDotAtom(_ bytes: Substring.UTF8View) -> Bool {
        guard let first = bytes.first, let last = bytes.last,
              first != UInt8(ascii: "."), last != UInt8(ascii: ".") else {
            return false
        }
        var previousWasDot = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if previousWasDot { return false }
                previousWasDot = true
            } else if byte.isAtext {
                previousWasDot = false
            } else {
                return false
            }
        }
        return true
    }

    /// RFC 5322 quoted-string without folding: printable ASCII and space, `\` escaping one such character.
    private static func isQuotedString(_ bytes: Substring.UTF8View) -> Bool {
        let inner = bytes.dropFirst()
        guard inner.last == UInt8(ascii: "\"") else {
            return false
        }
        var escaped = false
        for byte in inner.dropLast() {
            guard (0x20...0x7E).contains(byte) else {
                return false
            }
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                return false
            }
        }
        return !escaped
    }

    /// The wire form of `domain`, label by label, or the reason it cannot be one.
    private static func asciiDomain(_ domain: Substring, input: String) throws(EmailAddressError) -> String {
        // IDNA treats the ideographic and full-width full stops as dots.
        let labels = domain.split(omittingEmptySubsequences: false) { "\u{2E}\u{FF0E}\u{FF61}\u{3002}".contains($0) }
        var asciiLabels: [String] = []
        asciiLabels.reserveCapacity(labels.count)
        for label in labels {
            guard isHostnameLabel(label) else {
                throw EmailAddressError(input: input, reason: .invalidDomainLabel(String(label)))
            }
            // Punycode is never shorter than its input in scalars, so a label that is already
            // too long is rejected before the quadratic encoding can run on it.
            let asciiLabel = label.unicodeScalars.count <= 63 ? Punycode.asciiLabel(label) : String(label)
            guard asciiLabel.utf8.count <= 63 else {
                throw EmailAddressError(input: input, reason: .domainLabelTooLong(String(label)))
            }
            asciiLabels.append(asciiLabel)
        }
        guard asciiLabels.count >= 2 else {
            throw EmailAddressError(input: input, reason: .domainNotFullyQualified)
        }
        let asciiDomain = asciiLabels.joined(separator: ".")
        guard asciiDomain.utf8.count <= 253 else {
            throw EmailAddressError(input: input, reason: .domainTooLong(octets: asciiDomain.utf8.count))
        }
        return asciiDomain
    }

    /// Letters, digits and inner hyphens (RFC 5321 `sub-domain`); beyond ASCII, the
    /// practical core of IDNA 2008: letters, combining marks and decimal digits.
    private static func isHostnameLabel(_ label: Substring) -> Bool {
        guard let first = label.unicodeScalars.first, let last = label.unicodeScalars.last,
              first != "-", last != "-" else {
            return false
        }
        return label.unicodeScalars.allSatisfy { scalar in
            if scalar.isASCII {
                return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                    || ("0"..."9").contains(scalar) || scalar == "-"
            }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
                return true
            default:
                return false
            }
        }
    }
}
