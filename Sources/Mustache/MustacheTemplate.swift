import JSON

/// A Mustache template, parsed once and rendered any number of times.
///
/// It follows the Mustache specification's core modules (interpolation, sections, inverted
/// sections, comments, partials, set delimiters); lambdas are not supported, since data here is
/// JSON. Choices the specification leaves open:
/// - `{{name}}` escapes `&`, `<`, `>`, `"` and `'` for HTML.
/// - Numbers are written exactly as the JSON had them (`9.90` stays `9.90`), booleans as `true`
///   and `false`; an array or object as its compact JSON.
/// - Falsey, as JavaScript's `!!value` decides (which the specification cites) and as Python's
///   Mustache libraries decide: `false`, `null`, `""`, a number equal to zero and the empty list.
///   Every other value, including an empty object, is truthy.
/// - A partial that is not alone on its line is rendered without indentation; a standalone
///   partial's indentation goes before every non-empty line of the partial's own source, never
///   into the data it interpolates.
public struct MustacheTemplate: Sendable {
    /// Sections nested deeper than this are refused when parsing.
    public static let maximumSectionDepth = 64

    let nodes: [MustacheNode]
    private let sourceByteCount: Int

    /// Parses `source`; syntax errors are reported with their line and column.
    public init(_ source: String) throws(MustacheError) {
        var parser = MustacheParser(source)
        nodes = try parser.parse()
        sourceByteCount = source.utf8.count
    }

    /// Renders the template against `data`, the bottom of the context stack.
    ///
    /// - Parameters:
    ///   - partials: where `{{> name}}` finds its template.
    ///   - options: whether missing names are errors, and how deep partials may nest.
    ///   - helpers: sections that transform their rendered body, by name (``MustacheHelper``).
    ///
    /// Strict rendering reports every missing variable at once, after rendering the rest.
    public func render(
        _ data: JSONValue,
        partials: some MustachePartials = [String: MustacheTemplate](),
        options: MustacheRenderOptions = .standard,
        helpers: [String: MustacheHelper] = [:]
    ) throws(MustacheError) -> String {
        var renderer = MustacheRenderer(partials: partials, options: options, helpers: helpers, data: data)
        renderer.output.reserveCapacity(sourceByteCount * 2)
        try renderer.render(nodes, indentation: [], partial: nil, depth: 0)
        guard renderer.missingVariables.isEmpty else { throw .missingVariables(renderer.missingVariables) }
        return String(decoding: renderer.output, as: UTF8.self)
    }
}
