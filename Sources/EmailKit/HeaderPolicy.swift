/// Which extra header fields a message may carry, decided by an allow-list: `X-` fields except
/// `X-SES-*`, and a short list of well-known fields a notifier legitimately sets. Everything else
/// is refused, naming the field.
///
/// This is the one place the rule lives: the notifier's validator reports a refused name with its
/// field path, and `MIMEWriter` refuses it again on its own. SECURITY.md lists the fields and why.
public enum HeaderPolicy {
    /// Why a header field name cannot be set.
    public enum Refusal: Sendable, Equatable, CustomStringConvertible {
        /// Not a field name: printable ASCII but colon, 1 to 76 characters.
        case invalidName
        /// The writer builds this field from the message itself (`From`, `Date`, `Content-*`, …).
        case builtFromMessage
        /// `X-SES-*`: SES reads these as commands in a raw message (configuration set, tags,
        /// sending authorisation), bypassing the checks on the fields that set them.
        case sesCommand
        /// Neither an `X-` field nor one of ``wellKnownFields``.
        case notAllowed

        public var description: String {
            switch self {
            case .invalidName:
                "is not a header name (1-76 printable ASCII characters, no spaces or ':')"
            case .builtFromMessage:
                "cannot be set: it is built from the message itself"
            case .sesCommand:
                "cannot be set: SES reads X-SES-* headers as commands; use the configurationSet and tags fields"
            case .notAllowed:
                "is not an allowed header: use an X- header, or one of " + HeaderPolicy.wellKnownFields.map(\.name).joined(separator: ", ")
            }
        }
    }

    /// The fields beyond `X-` ones a message may set, each with why a notifier needs it.
    public static let wellKnownFields: [(name: String, reason: String)] = [
        ("List-Unsubscribe", "the unsubscribe link mail providers show and require of bulk senders (RFC 2369)"),
        ("List-Unsubscribe-Post", "one-click unsubscribe, `List-Unsubscribe=One-Click` (RFC 8058)"),
        ("List-Id", "names the list a notification belongs to, so recipients can filter it (RFC 2919)"),
        ("Precedence", "`bulk` or `list` keeps vacation auto-replies away from automated mail"),
        ("Auto-Submitted", "`auto-generated` marks machine-sent mail so that responders do not answer it (RFC 3834)"),
        ("In-Reply-To", "threads a notification under an earlier message (RFC 5322)"),
        ("References", "threads a notification under an earlier message (RFC 5322)"),
        ("Importance", "`high`, `normal` or `low`, shown by mail clients (RFC 2156)"),
        ("Feedback-ID", "groups complaint reports in Gmail's feedback loop by campaign"),
    ]

    /// Fields the writer sets itself; named apart so that the refusal says so.
    private static let builtFields: Set<String> = [
        "from", "sender", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "mime-version",
        "return-path",
    ]

    private static let wellKnownNames: Set<String> = Set(wellKnownFields.map { $0.name.lowercased() })

    /// Why `name` cannot be set as an extra header field, or `nil` when it can.
    public static func refusal(forName name: String) -> Refusal? {
        guard isFieldName(name) else { return .invalidName }
        let lowercased = name.lowercased()
        if builtFields.contains(lowercased) || lowercased.hasPrefix("content-") { return .builtFromMessage }
        if lowercased.hasPrefix("x-ses-") { return .sesCommand }
        if lowercased.hasPrefix("x-") || wellKnownNames.contains(lowercased) { return nil }
        return .notAllowed
    }

    /// Whether `name` is a header field name the writer can write: printable ASCII but colon
    /// (RFC 5322 §3.6.8), 1 to 76 characters so that the name fits a line.
    public static func isFieldName(_ name: String) -> Bool {
        (1...76).contains(name.utf8.count) && name.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: ":") }
    }
}
