/// A section that transforms what its body renders to, e.g. `{{#money}}{{total}}{{/money}}`.
///
/// The body is rendered as usual (variables escaped as the options say) and the helper's answer
/// replaces it, written as is: a helper writes only text that is safe where it is used. A helper
/// answers `nil` for text it cannot use, which is ``MustacheError/helperRefused(helper:input:at:)``.
/// A helper's name takes precedence over a data member of the same name.
public struct MustacheHelper: Sendable {
    let transform: @Sendable (String) -> String?

    public init(_ transform: @escaping @Sendable (String) -> String?) {
        self.transform = transform
    }
}
