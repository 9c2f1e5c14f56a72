/// Why a template could not be parsed or rendered, with where in its source.
public enum MustacheError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A tag opens but its closing delimiter (`expected`) never follows.
    case unclosedTag(expected: String, at: MustacheLocation)
    /// `{{#name}}` or `{{^name}}` has no `{{/name}}`; the location is the opening tag's.
    case unclosedSection(String, at: MustacheLocation)
    /// `{{/found}}` closes a section while `{{#expected}}` is the innermost one open.
    case mismatchedSectionClose(expected: String, found: String, at: MustacheLocation)
    /// `{{/name}}` with no section open.
    case unexpectedSectionClose(String, at: MustacheLocation)
    /// A tag whose name is empty, holds whitespace, or has an empty part (`a..b`, `.a`).
    case invalidTagName(String, at: MustacheLocation)
    /// A `{{=open close=}}` tag whose content is not two delimiters without whitespace or `=`.
    case invalidDelimiters(String, at: MustacheLocation)
    /// Sections nested deeper than ``MustacheTemplate/maximumSectionDepth``.
    case sectionsNestedTooDeep(limit: Int, at: MustacheLocation)
    /// `{{> name}}` names no partial (strict rendering only).
    case missingPartial(String, at: MustacheLocation)
    /// Variables that name nothing in the data (strict rendering only): every one the rendering
    /// met, in template order, up to ``MustacheRenderOptions/maximumReportedMissingVariables``.
    /// Never empty.
    case missingVariables([MustacheMissingVariable])
    /// A helper section (``MustacheHelper``) could not use what its body rendered to.
    case helperRefused(helper: String, input: String, at: MustacheLocation)
    /// Partials included within each other more than `limit` levels deep.
    case partialRecursionTooDeep(String, limit: Int, at: MustacheLocation)
    /// Rendering visited tags more than `limit` times
    /// (``MustacheRenderOptions/maximumTagVisits``); the location is the tag that went over.
    case tooManyTagVisits(limit: Int, at: MustacheLocation)
    /// The output grew past `limit` bytes (``MustacheRenderOptions/maximumOutputBytes``); the
    /// location is the first tag reached after that.
    case outputTooLarge(limit: Int, at: MustacheLocation)

    /// Where in the source the problem is.
    public var location: MustacheLocation {
        switch self {
        case .unclosedTag(_, let location), .unclosedSection(_, let location),
             .mismatchedSectionClose(_, _, let location), .unexpectedSectionClose(_, let location),
             .invalidTagName(_, let location), .invalidDelimiters(_, let location),
             .sectionsNestedTooDeep(_, let location), .missingPartial(_, let location),
             .helperRefused(_, _, let location), .partialRecursionTooDeep(_, _, let location),
             .tooManyTagVisits(_, let location), .outputTooLarge(_, let location):
            location
        case .missingVariables(let missing):
            missing.first?.location ?? MustacheLocation(line: 1, column: 1)
        }
    }

    public var description: String {
        switch self {
        case .unclosedTag(let expected, let location):
            "unclosed tag at \(location): no `\(expected)` follows"
        case .unclosedSection(let name, let location):
            "section `\(name)` opened at \(location) is never closed"
        case .mismatchedSectionClose(let expected, let found, let location):
            "`\(found)` is closed at \(location) but the open section is `\(expected)`"
        case .unexpectedSectionClose(let name, let location):
            "`\(name)` is closed at \(location) but no section is open"
        case .invalidTagName(let name, let location):
            "invalid tag name `\(name)` at \(location)"
        case .invalidDelimiters(let content, let location):
            "invalid delimiters `\(content)` at \(location): expected two delimiters without whitespace or `=`"
        case .sectionsNestedTooDeep(let limit, let location):
            "sections nested deeper than \(limit) levels at \(location)"
        case .missingPartial(let name, let location):
            "missing partial `\(name)` at \(location)"
        case .missingVariables(let missing):
            missing.map(\.description).joined(separator: "; ")
        case .helperRefused(let helper, let input, let location):
            "`\(helper)` at \(location) cannot format `\(input)`"
        case .partialRecursionTooDeep(let name, let limit, let location):
            "partial `\(name)` at \(location) would nest partials deeper than \(limit) levels"
        case .tooManyTagVisits(let limit, let location):
            "rendering stopped at \(location) after \(limit) tag visits: sections and partials multiply each other too much for this data"
        case .outputTooLarge(let limit, let location):
            "rendering stopped at \(location): the output is over \(limit) bytes"
        }
    }
}
