// The byte classes the mail RFCs define, shared by the address parser and the header writer.
extension UInt8 {
    private var isLetterOrDigit: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            false
        }
    }

    /// RFC 5322 `atext`: what dot-atoms and unquoted display-name words are made of.
    var isAtext: Bool {
        isLetterOrDigit || "!#$%&'*+-/=?^_`{|}~".utf8.contains(self)
    }

    /// RFC 2045 `token` characters: printable ASCII except space and the tspecials.
    var isMIMETokenCharacter: Bool {
        (0x21...0x7E).contains(self) && !"()<>@,;:\\\"/[]?=".utf8.contains(self)
    }

    /// RFC 5987 `attr-char`: what an RFC 2231 extended parameter value may hold unescaped.
    var isAttributeCharacter: Bool {
        isLetterOrDigit || "!#$&+-.^_`|~".utf8.contains(self)
    }
}
