/// An SES message tag (name and value), published with the message's sending events.
///
/// Tags travel beside the message in the SES request, never inside the MIME text.
public struct EmailTag: Sendable, Hashable {
    /// The tag name.
    public var name: String
    /// The tag value.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
