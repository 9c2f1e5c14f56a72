import JSON

/// Walks a template's nodes against a context stack, appending to `output`.
struct MustacheRenderer<Partials: MustachePartials> {
    let partials: Partials
    let options: MustacheRenderOptions
    let helpers: [String: MustacheHelper]
    var output: [UInt8] = []
    /// Strict rendering: every variable not found so far, in template order.
    var missingVariables: [MustacheMissingVariable] = []
    /// The innermost context last.
    private var contexts: [JSONValue]
    /// Counted against ``MustacheRenderOptions/maximumTagVisits``.
    private var tagVisits = 0

    init(partials: Partials, options: MustacheRenderOptions, helpers: [String: MustacheHelper], data: JSONValue) {
        self.partials = partials
        self.options = options
        self.helpers = helpers
        contexts = [data]
    }

    /// - Parameters:
    ///   - indentation: written at each line start; non-empty inside a standalone partial.
    ///   - partial: the name of the partial `nodes` belong to, for error locations.
    ///   - depth: how many partials enclose `nodes`.
    mutating func render(_ nodes: [MustacheNode], indentation: [UInt8], partial: String?, depth: Int) throws(MustacheError) {
        for node in nodes {
            switch node {
            case .text(let text):
                output.append(contentsOf: text)
            case .lineStart:
                output.append(contentsOf: indentation)
            case .variable(let name, let escaped, let location):
                try visitTag(at: location, in: partial)
                guard let value = lookUp(name) else {
                    if options.isStrict { recordMissing(name, at: location, in: partial) }
                    continue
                }
                append(value, escaped: escaped && options.escapesHTML)
            case .section(let name, let inverted, let body, let location):
                try visitTag(at: location, in: partial)
                if !inverted, isHelper(name) {
                    try apply(name.text, to: body, at: location, indentation: indentation, partial: partial, depth: depth)
                    continue
                }
                let value = lookUp(name)
                let isTruthy = value?.isMustacheTruthy ?? false
                if inverted {
                    if !isTruthy { try render(body, indentation: indentation, partial: partial, depth: depth) }
                } else if let value, isTruthy {
                    let elements = value.arrayValue ?? [value]
                    for element in elements {
                        // Each pass counts: nested sections over lists multiply.
                        try visitTag(at: location, in: partial)
                        contexts.append(element)
                        try render(body, indentation: indentation, partial: partial, depth: depth)
                        contexts.removeLast()
                    }
                }
            case .partial(let name, let ownIndentation, let location):
                try visitTag(at: location, in: partial)
                guard let template = partials.partial(named: name) else {
                    if options.isStrict { throw .missingPartial(name, at: located(location, in: partial)) }
                    continue
                }
                guard depth < options.maximumPartialDepth else {
                    throw .partialRecursionTooDeep(name, limit: options.maximumPartialDepth, at: located(location, in: partial))
                }
                let partialIndentation = ownIndentation.map { indentation + $0 } ?? []
                try render(template.nodes, indentation: partialIndentation, partial: name, depth: depth + 1)
            }
        }
    }

    /// Renders a helper section's body on its own and writes what the helper makes of it. A body
    /// with a missing variable writes nothing more: its variables are reported, not the helper.
    // The helpers below are kept out of `render`, which recurses once per section and partial
    // level: its stack frame must stay small for the deepest nesting the limits allow.

    @inline(never)
    private mutating func recordMissing(_ name: MustacheName, at location: MustacheLocation, in partial: String?) {
        guard missingVariables.count < options.maximumReportedMissingVariables else { return }
        missingVariables.append(MustacheMissingVariable(name.text, at: located(location, in: partial)))
    }

    @inline(never)
    private func isHelper(_ name: MustacheName) -> Bool {
        !helpers.isEmpty && name.parts.count == 1 && helpers[name.text] != nil
    }

    @inline(never)
    private mutating func apply(
        _ helper: String, to body: [MustacheNode], at location: MustacheLocation,
        indentation: [UInt8], partial: String?, depth: Int
    ) throws(MustacheError) {
        let outputStart = output.count
        let missingBefore = missingVariables.count
        try render(body, indentation: indentation, partial: partial, depth: depth)
        let input = String(decoding: output[outputStart...], as: UTF8.self)
        output.removeSubrange(outputStart...)
        guard missingVariables.count == missingBefore, let transform = helpers[helper]?.transform else { return }
        guard let transformed = transform(input) else {
            throw .helperRefused(helper: helper, input: input, at: located(location, in: partial))
        }
        output.append(contentsOf: transformed.utf8)
    }

    /// Counts one visit to the tag at `location` and stops rendering once the visits or the
    /// output exceed the options' budget. Text between tags is bounded by the template's size for
    /// each visit, so checking at tags bounds the whole.
    private mutating func visitTag(at location: MustacheLocation, in partial: String?) throws(MustacheError) {
        tagVisits += 1
        if tagVisits > options.maximumTagVisits {
            throw .tooManyTagVisits(limit: options.maximumTagVisits, at: located(location, in: partial))
        }
        if output.count > options.maximumOutputBytes {
            throw .outputTooLarge(limit: options.maximumOutputBytes, at: located(location, in: partial))
        }
    }

    /// The value `name` resolves to, or nil when nothing in the context stack has it.
    ///
    /// The first part is looked up from the innermost context outwards; the remaining parts only
    /// inside the value found, so `{{a.b}}` never falls back to an outer `b`.
    private func lookUp(_ name: MustacheName) -> JSONValue? {
        guard let first = name.parts.first else { return contexts.last }
        var value: JSONValue?
        for context in contexts.reversed() {
            if case .object(let object) = context, let found = object[first] {
                value = found
                break
            }
        }
        for part in name.parts.dropFirst() {
            guard case .object(let object)? = value else { return nil }
            value = object[part]
        }
        return value
    }

    private mutating func append(_ value: JSONValue, escaped: Bool) {
        switch value {
        case .null:
            break
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let text):
            output.append(contentsOf: text.utf8)
        case .string(let text):
            append(text, escaped: escaped)
        case .array, .object:
            append(String(decoding: value.serialized(), as: UTF8.self), escaped: escaped)
        }
    }

    private mutating func append(_ text: String, escaped: Bool) {
        guard escaped else {
            output.append(contentsOf: text.utf8)
            return
        }
        var text = text
        text.withUTF8 { HTMLEscaping.append($0, to: &output) }
    }

    private func located(_ location: MustacheLocation, in partial: String?) -> MustacheLocation {
        var location = location
        location.partial = partial
        return location
    }
}

extension JSONValue {
    /// Whether a section renders for this value; see ``MustacheTemplate`` for the rule.
    var isMustacheTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let flag): flag
        case .string(let text): !text.isEmpty
        case .array(let elements): !elements.isEmpty
        case .object: true
        case .number(let text): !Self.isZero(text)
        }
    }

    /// Whether a JSON number's digits before any exponent are all zero (`0`, `-0.00`, `0e5`).
    private static func isZero(_ number: String) -> Bool {
        for byte in number.utf8 {
            switch byte {
            case UInt8(ascii: "0"), UInt8(ascii: "-"), UInt8(ascii: "."): continue
            case UInt8(ascii: "e"), UInt8(ascii: "E"): return true
            default: return false
            }
        }
        return true
    }
}
