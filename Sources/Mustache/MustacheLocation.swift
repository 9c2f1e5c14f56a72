/// Where a tag sits in a template's source, for error messages.
public struct MustacheLocation: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in Unicode scalars from the start of the line.
    public var column: Int
    /// The partial whose source this is, as named in `{{> name}}`; nil for the template being rendered.
    public var partial: String?

    public init(line: Int, column: Int, partial: String? = nil) {
        self.line = line
        self.column = column
        self.partial = partial
    }

    /// `line 3, column 9`, followed by `of partial \`footer\`` inside a partial.
    public var description: String {
        let position = "line \(line), column \(column)"
        return partial.map { "\(position) of partial `\($0)`" } ?? position
    }
}
