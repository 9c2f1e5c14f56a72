/// An extra header field, such as `List-Unsubscribe` or `X-Campaign`.
///
/// The name must be allowed by ``HeaderPolicy``: an `X-` field other than `X-SES-*`, or one of
/// its well-known fields. The value may be any text without CR, LF or NUL; non-ASCII text is
/// sent as RFC 2047 encoded-words.
public struct EmailHeader: Sendable, Hashable {
    /// The field name, such as `X-Campaign`.
    public var name: String
    /// The field value, unfolded.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
