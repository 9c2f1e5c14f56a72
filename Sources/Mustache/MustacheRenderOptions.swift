/// How a template treats names that resolve to nothing, whether it escapes for HTML, how deep
/// partials may nest, and how much work and output one rendering may take.
public struct MustacheRenderOptions: Sendable, Equatable {
    /// When true, a variable or partial that names nothing is an error
    /// (``MustacheError/missingVariables(_:)``, ``MustacheError/missingPartial(_:at:)``) instead of
    /// rendering as the empty string. A section or inverted section over a missing name is never an
    /// error: it counts as falsey, since `{{#discount}}…{{/discount}}` exists to test for presence.
    public var isStrict: Bool
    /// Partials included within partials more deeply than this are refused
    /// (``MustacheError/partialRecursionTooDeep(_:limit:at:)``), so a partial that includes itself
    /// unconditionally fails instead of exhausting the stack.
    public var maximumPartialDepth: Int
    /// When true (the specification's behaviour), `{{name}}` escapes its value for HTML. Plain-text
    /// output, such as an e-mail's text part or subject, turns it off: `Ada & Co` must not arrive
    /// as `Ada &amp; Co`.
    public var escapesHTML: Bool
    /// Rendering stops with ``MustacheError/tooManyTagVisits(limit:at:)`` after this many tag
    /// visits: one per variable, per section and per pass through its body, per partial. Nested
    /// sections over lists and partials multiply each other, so a small template and small data
    /// can ask for billions; this stops such a rendering within about a tenth of a second.
    public var maximumTagVisits: Int
    /// Rendering stops with ``MustacheError/outputTooLarge(limit:at:)`` once the output passes
    /// this many bytes. It is checked at each tag, so the output can pass it by one value and the
    /// template text up to the next tag.
    public var maximumOutputBytes: Int
    /// Strict rendering goes on past a missing variable so that one error names them all; it
    /// lists at most this many.
    public var maximumReportedMissingVariables: Int

    public init(
        isStrict: Bool,
        maximumPartialDepth: Int = 32,
        escapesHTML: Bool = true,
        maximumTagVisits: Int = 1_000_000,
        maximumOutputBytes: Int = 4 * 1024 * 1024,
        maximumReportedMissingVariables: Int = 50
    ) {
        self.isStrict = isStrict
        self.maximumPartialDepth = maximumPartialDepth
        self.escapesHTML = escapesHTML
        self.maximumTagVisits = maximumTagVisits
        self.maximumOutputBytes = maximumOutputBytes
        self.maximumReportedMissingVariables = maximumReportedMissingVariables
    }

    /// The Mustache specification's behaviour: missing names render as the empty string.
    public static let standard = MustacheRenderOptions(isStrict: false)
    /// Missing variables and partials are errors.
    public static let strict = MustacheRenderOptions(isStrict: true)
    /// Missing variables and partials are errors, and nothing is escaped: for plain text.
    public static let strictPlainText = MustacheRenderOptions(isStrict: true, escapesHTML: false)
}
