/// Characters that must not appear in text a mail client shows as a name: a display name or an
/// attachment's file name.
///
/// C0 and C1 control characters can forge or garble header fields, and the bidirectional
/// formatting characters reorder what is shown: `invoice\u{202E}txt.exe` displays as
/// `invoiceexe.txt`.
public enum DisplaySafety {
    /// The first character of `text` that is a C0 or C1 control character, DEL, or a bidirectional
    /// embedding, override or isolate (U+202A–U+202E, U+2066–U+2069); `nil` when there is none.
    public static func firstUnsafeScalar(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isUnsafe)
    }

    /// Whether `scalar` is one of the characters ``firstUnsafeScalar(in:)`` looks for.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `U+202E`: how an unsafe character is named in an error, never as itself.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
