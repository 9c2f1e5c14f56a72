/// One piece of a parsed template.
enum MustacheNode: Sendable {
    /// Literal text, never spanning more than one line (a line break ends it).
    case text([UInt8])
    /// The start of a source line, where a standalone partial's indentation is written.
    case lineStart
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}` (not escaped).
    case variable(MustacheName, escaped: Bool, at: MustacheLocation)
    /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}` when inverted; the location is the opening tag's.
    case section(MustacheName, inverted: Bool, body: [MustacheNode], at: MustacheLocation)
    /// `{{> name}}`; `indentation` is the whitespace before it when it stands alone on its line.
    case partial(String, indentation: [UInt8]?, at: MustacheLocation)
}
