/// Turns template source into ``MustacheNode``s in one pass over its UTF-8 bytes.
///
/// Sections are collected with an explicit stack rather than by recursion, and nesting is capped,
/// so no template can exhaust the stack while being parsed or rendered.
struct MustacheParser {
    private let bytes: [UInt8]
    private var position = 0
    private var openingDelimiter: [UInt8] = Array("{{".utf8)
    private var closingDelimiter: [UInt8] = Array("}}".utf8)
    private var nodes: [MustacheNode] = []
    private var openSections: [OpenSection] = []
    private var cursor = Cursor()

    private struct OpenSection {
        let name: MustacheName
        let inverted: Bool
        let location: MustacheLocation
        let enclosingNodes: [MustacheNode]
    }

    private enum TagKind {
        case escaped, unescaped, section, invertedSection, sectionClose, comment, partial, delimiters

        /// Whether the tag disappears with its whole line when nothing else is on that line.
        var canStandAlone: Bool {
            switch self {
            case .escaped, .unescaped: false
            case .section, .invertedSection, .sectionClose, .comment, .partial, .delimiters: true
            }
        }
    }

    private struct Tag {
        let kind: TagKind
        let start: Int
        let content: Range<Int>
        let end: Int
        let location: MustacheLocation
    }

    /// Line and column of an offset; tags are met in order, so it only ever moves forward.
    private struct Cursor {
        var offset = 0
        var line = 1
        var column = 1
    }

    init(_ source: String) {
        bytes = Array(source.utf8)
    }

    mutating func parse() throws(MustacheError) -> [MustacheNode] {
        while let tagStart = firstIndex(of: openingDelimiter, from: position) {
            let tag = try readTag(at: tagStart)
            if tag.kind.canStandAlone, let line = standaloneLine(around: tag) {
                appendText(from: position, to: line.lowerBound)
                position = line.upperBound
                try handle(tag, indentation: Array(bytes[line.lowerBound..<tag.start]))
            } else {
                appendText(from: position, to: tag.start)
                if isLineStart(tag.start) { nodes.append(.lineStart) }
                position = tag.end
                try handle(tag, indentation: nil)
            }
        }
        appendText(from: position, to: bytes.count)
        if let open = openSections.last {
            throw .unclosedSection(open.name.text, at: open.location)
        }
        return nodes
    }

    // MARK: Tags

    private mutating func readTag(at start: Int) throws(MustacheError) -> Tag {
        let location = location(of: start)
        var contentStart = start + openingDelimiter.count
        var terminator = closingDelimiter
        let kind: TagKind
        switch contentStart < bytes.count ? bytes[contentStart] : 0 {
        case UInt8(ascii: "#"): kind = .section
        case UInt8(ascii: "^"): kind = .invertedSection
        case UInt8(ascii: "/"): kind = .sectionClose
        case UInt8(ascii: "!"): kind = .comment
        case UInt8(ascii: ">"): kind = .partial
        case UInt8(ascii: "&"): kind = .unescaped
        case UInt8(ascii: "{"):
            kind = .unescaped
            terminator = [UInt8(ascii: "}")] + closingDelimiter
        case UInt8(ascii: "="):
            kind = .delimiters
            terminator = [UInt8(ascii: "=")] + closingDelimiter
        default: kind = .escaped
        }
        if kind != .escaped { contentStart += 1 }
        guard let contentEnd = firstIndex(of: terminator, from: contentStart) else {
            throw .unclosedTag(expected: String(decoding: terminator, as: UTF8.self), at: location)
        }
        return Tag(kind: kind, start: start, content: contentStart..<contentEnd, end: contentEnd + terminator.count, location: location)
    }

    private mutating func handle(_ tag: Tag, indentation: [UInt8]?) throws(MustacheError) {
        switch tag.kind {
        case .comment:
            break
        case .delimiters:
            try changeDelimiters(tag)
        case .escaped, .unescaped:
            nodes.append(.variable(try name(of: tag), escaped: tag.kind == .escaped, at: tag.location))
        case .section, .invertedSection:
            guard openSections.count < MustacheTemplate.maximumSectionDepth else {
                throw .sectionsNestedTooDeep(limit: MustacheTemplate.maximumSectionDepth, at: tag.location)
            }
            let name = try name(of: tag)
            let inverted = tag.kind == .invertedSection
            openSections.append(OpenSection(name: name, inverted: inverted, location: tag.location, enclosingNodes: nodes))
            nodes = []
        case .sectionClose:
            let name = try name(of: tag)
            guard let open = openSections.popLast() else { throw .unexpectedSectionClose(name.text, at: tag.location) }
            guard open.name == name else {
                throw .mismatchedSectionClose(expected: open.name.text, found: name.text, at: tag.location)
            }
            let body = nodes
            nodes = open.enclosingNodes
            nodes.append(.section(open.name, inverted: open.inverted, body: body, at: open.location))
        case .partial:
            let name = trimmedContent(of: tag)
            guard !name.isEmpty, !name.contains(where: Self.isWhitespace) else {
                throw .invalidTagName(String(decoding: name, as: UTF8.self), at: tag.location)
            }
            nodes.append(.partial(String(decoding: name, as: UTF8.self), indentation: indentation, at: tag.location))
        }
    }

    private func name(of tag: Tag) throws(MustacheError) -> MustacheName {
        let content = trimmedContent(of: tag)
        let text = String(decoding: content, as: UTF8.self)
        guard !content.contains(where: Self.isWhitespace), let name = MustacheName(text) else {
            throw .invalidTagName(text, at: tag.location)
        }
        return name
    }

    private mutating func changeDelimiters(_ tag: Tag) throws(MustacheError) {
        let content = trimmedContent(of: tag)
        let parts = content.split(whereSeparator: Self.isWhitespace)
        guard parts.count == 2, !parts.contains(where: { $0.contains(UInt8(ascii: "=")) }) else {
            throw .invalidDelimiters(String(decoding: content, as: UTF8.self), at: tag.location)
        }
        openingDelimiter = Array(parts[0])
        closingDelimiter = Array(parts[1])
    }

    private func trimmedContent(of tag: Tag) -> ArraySlice<UInt8> {
        var content = bytes[tag.content]
        while let first = content.first, Self.isWhitespace(first) { content.removeFirst() }
        while let last = content.last, Self.isWhitespace(last) { content.removeLast() }
        return content
    }

    // MARK: Lines

    /// The whole line around `tag` (from its start to past its line break) when the tag is the only
    /// thing on it but spaces and tabs; such a line leaves no trace in the output.
    private func standaloneLine(around tag: Tag) -> Range<Int>? {
        var start = tag.start
        while start > 0, Self.isBlank(bytes[start - 1]) { start -= 1 }
        guard isLineStart(start) else { return nil }
        var end = tag.end
        while end < bytes.count, Self.isBlank(bytes[end]) { end += 1 }
        if end == bytes.count { return start..<end }
        if bytes[end] == UInt8(ascii: "\n") { return start..<(end + 1) }
        if bytes[end] == UInt8(ascii: "\r"), end + 1 < bytes.count, bytes[end + 1] == UInt8(ascii: "\n") {
            return start..<(end + 2)
        }
        return nil
    }

    /// Appends `bytes[start..<end]` as one text node per line, each non-empty line preceded by a
    /// ``MustacheNode/lineStart`` so a standalone partial can indent it.
    private mutating func appendText(from start: Int, to end: Int) {
        var lineStart = start
        while lineStart < end {
            var lineEnd = lineStart
            while lineEnd < end, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            if lineEnd < end { lineEnd += 1 }
            if isLineStart(lineStart), !isEmptyLine(at: lineStart) { nodes.append(.lineStart) }
            nodes.append(.text(Array(bytes[lineStart..<lineEnd])))
            lineStart = lineEnd
        }
    }

    private func isLineStart(_ offset: Int) -> Bool {
        offset == 0 || bytes[offset - 1] == UInt8(ascii: "\n")
    }

    private func isEmptyLine(at offset: Int) -> Bool {
        bytes[offset] == UInt8(ascii: "\n")
            || (bytes[offset] == UInt8(ascii: "\r") && offset + 1 < bytes.count && bytes[offset + 1] == UInt8(ascii: "\n"))
    }

    // MARK: Bytes

    private func firstIndex(of pattern: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        var index = start
        let last = bytes.count - pattern.count
        search: while index <= last {
            if bytes[index] == first {
                for offset in 1..<pattern.count where bytes[index + offset] != pattern[offset] {
                    index += 1
                    continue search
                }
                return index
            }
            index += 1
        }
        return nil
    }

    private mutating func location(of offset: Int) -> MustacheLocation {
        while cursor.offset < offset {
            let byte = bytes[cursor.offset]
            if byte == UInt8(ascii: "\n") {
                cursor.line += 1
                cursor.column = 1
            } else if byte & 0xC0 != 0x80 {
                // Count lead bytes only, so a multi-byte scalar is one column.
                cursor.column += 1
            }
            cursor.offset += 1
        }
        return MustacheLocation(line: cursor.line, column: cursor.column)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        isBlank(byte) || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}
