/// Plain text for the `text/plain` alternative of an e-mail.
public enum PlainText {
    /// A readable plain-text version of an HTML e-mail body, for when a message has only HTML.
    ///
    /// - `<head>`, `<style>`, `<script>`, `<title>`, comments and doctypes leave no text.
    /// - Paragraphs, headings, lists, tables and block quotes are set apart by a blank line; `<div>`,
    ///   table rows, list items and `<br>` start a new line. There is never more than one blank line
    ///   in a row.
    /// - `<h1>` and `<h2>` text is underlined with `=` and `-`.
    /// - List items start with `- `, or with `1. `, `2. `… in an `<ol>` (from its `start`); nested
    ///   lists are indented by two spaces a level.
    /// - Table cells holding text are separated by ` | `, so an items row reads `Widget | 2 | 9.90`;
    ///   empty cells add nothing.
    /// - A link reads `text (url)`; only the text when it is the address itself, only the address
    ///   when there is no text. `#` anchors and `javascript:` links add no address.
    /// - An image is its `alt` text.
    /// - Character references are decoded: HTML 4's named ones, `&apos;`, and numeric ones. A
    ///   non-breaking space counts as an ordinary space; soft hyphens and zero-width characters are
    ///   dropped; unknown names stay as written.
    /// - Whitespace runs become one space, and lines carry no leading or trailing spaces (beyond the
    ///   indentation of nested list items).
    /// - The text ends with one line break; HTML without any text gives the empty string.
    ///
    /// Text inside `<pre>` is reflowed like any other, and CSS (`display: none`) is not applied.
    public static func fromHTML(_ html: String) -> String {
        var html = html
        return html.withUTF8 { input in
            var reader = HTMLReader(input)
            reader.read()
            return reader.layout.finishedText()
        }
    }
}

// MARK: - Reading HTML

/// Splits HTML into text, tags and the parts that are skipped, and hands them to a layout.
private struct HTMLReader {
    private let input: UnsafeBufferPointer<UInt8>
    private var index = 0
    var layout = PlainTextLayout()

    init(_ input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    mutating func read() {
        while index < input.count {
            if input[index] == UInt8(ascii: "<") {
                readMarkup()
            } else {
                let end = firstIndex(of: UInt8(ascii: "<"), from: index) ?? input.count
                layout.writeText(decoded(index..<end))
                index = end
            }
        }
    }

    /// Reads from a `<`: a comment, a declaration, a tag, or a `<` that is only text.
    private mutating func readMarkup() {
        if hasPrefix("<!--".utf8, at: index) {
            index = indexAfter("-->", from: index + 4)
            return
        }
        let next = index + 1 < input.count ? input[index + 1] : 0
        if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
            index = indexAfter(">", from: index)
            return
        }
        let isEndTag = next == UInt8(ascii: "/")
        let nameStart = index + (isEndTag ? 2 : 1)
        guard nameStart < input.count, Self.isLetter(input[nameStart]) else {
            layout.writeText([UInt8(ascii: "<")])
            index += 1
            return
        }
        var nameEnd = nameStart
        while nameEnd < input.count, Self.isNameByte(input[nameEnd]) { nameEnd += 1 }
        let name = String(decoding: input[nameStart..<nameEnd].map(Self.lowercased), as: UTF8.self)
        index = nameEnd
        let attributes = readAttributes()
        if isEndTag {
            layout.end(name)
        } else {
            layout.start(name, attributes)
            if name == "script" || name == "style" || name == "title" { skipRawText(closedBy: name) }
        }
    }

    /// Reads attributes up to and past the tag's `>`, keeping the few the layout uses.
    private mutating func readAttributes() -> TagAttributes {
        var attributes = TagAttributes()
        while index < input.count {
            while index < input.count, Self.isWhitespace(input[index]) || input[index] == UInt8(ascii: "/") { index += 1 }
            guard index < input.count else { break }
            if input[index] == UInt8(ascii: ">") {
                index += 1
                break
            }
            let nameStart = index
            while index < input.count, !Self.isWhitespace(input[index]),
                  input[index] != UInt8(ascii: "="), input[index] != UInt8(ascii: ">"), input[index] != UInt8(ascii: "/") {
                index += 1
            }
            let name = String(decoding: input[nameStart..<index].map(Self.lowercased), as: UTF8.self)
            while index < input.count, Self.isWhitespace(input[index]) { index += 1 }
            guard index < input.count, input[index] == UInt8(ascii: "=") else { continue }
            index += 1
            while index < input.count, Self.isWhitespace(input[index]) { index += 1 }
            let value: Range<Int>
            if index < input.count, input[index] == UInt8(ascii: "\"") || input[index] == UInt8(ascii: "'") {
                let quote = input[index]
                let end = firstIndex(of: quote, from: index + 1) ?? input.count
                value = (index + 1)..<end
                index = min(end + 1, input.count)
            } else {
                let start = index
                while index < input.count, !Self.isWhitespace(input[index]), input[index] != UInt8(ascii: ">") { index += 1 }
                value = start..<index
            }
            switch name {
            case "href": attributes.href = String(decoding: decoded(value), as: UTF8.self)
            case "alt": attributes.alt = decoded(value)
            case "start": attributes.start = Int(String(decoding: input[value], as: UTF8.self))
            default: break
            }
        }
        return attributes
    }

    /// Skips a `<script>`, `<style>` or `<title>` body, which is never markup, up to its end tag.
    private mutating func skipRawText(closedBy name: String) {
        let endTag = Array("</\(name)".utf8)
        var candidate = index
        while let found = firstIndex(of: UInt8(ascii: "<"), from: candidate) {
            if hasPrefix(endTag, at: found, ignoringCase: true) {
                index = indexAfter(">", from: found)
                return
            }
            candidate = found + 1
        }
        index = input.count
    }

    // MARK: Character references

    /// The bytes of `range` with character references decoded, non-breaking spaces made ordinary
    /// spaces and invisible formatting characters dropped.
    private func decoded(_ range: Range<Int>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(range.count)
        var position = range.lowerBound
        while position < range.upperBound {
            let byte = input[position]
            if byte == UInt8(ascii: "&"), let reference = characterReference(at: position, before: range.upperBound) {
                Self.append(reference.scalar, to: &result)
                position += reference.length
            } else if byte == 0xC2, position + 1 < range.upperBound, input[position + 1] == 0xA0 {
                result.append(UInt8(ascii: " "))
                position += 2
            } else {
                result.append(byte)
                position += 1
            }
        }
        return result
    }

    /// `&name;`, `&#NNN;` or `&#xHH;` at `start`, and how many bytes it spans; nil when it is none.
    private func characterReference(at start: Int, before end: Int) -> (scalar: Unicode.Scalar, length: Int)? {
        var position = start + 1
        if position < end, input[position] == UInt8(ascii: "#") {
            position += 1
            var radix: UInt32 = 10
            if position < end, input[position] | 0x20 == UInt8(ascii: "x") {
                radix = 16
                position += 1
            }
            let digitsStart = position
            var value: UInt32 = 0
            while position < end, position - digitsStart < 8, let digit = Self.digit(input[position], radix: radix) {
                value = value * radix + digit
                position += 1
            }
            guard position > digitsStart, position < end, input[position] == UInt8(ascii: ";") else { return nil }
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (scalar ?? "\u{FFFD}", position + 1 - start)
        }
        let nameStart = position
        while position < end, position - nameStart < 8, Self.isLetter(input[position]) || Self.isDigit(input[position]) {
            position += 1
        }
        guard position > nameStart, position < end, input[position] == UInt8(ascii: ";"),
              let scalar = Self.namedReferences[String(decoding: input[nameStart..<position], as: UTF8.self)]
        else { return nil }
        return (scalar, position + 1 - start)
    }

    private static func append(_ scalar: Unicode.Scalar, to result: inout [UInt8]) {
        switch scalar.value {
        case 0xA0:
            result.append(UInt8(ascii: " "))
        case 0xAD, 0x200B...0x200F, 0x2060, 0xFEFF:
            break
        default:
            result.append(contentsOf: scalar.utf8)
        }
    }

    /// HTML 4.01's 252 named character references, and `&apos;`.
    private static let namedReferences: [String: Unicode.Scalar] = [
        "quot": "\u{22}", "amp": "\u{26}", "apos": "\u{27}", "lt": "\u{3C}", "gt": "\u{3E}", "nbsp": "\u{A0}",
        "iexcl": "\u{A1}", "cent": "\u{A2}", "pound": "\u{A3}", "curren": "\u{A4}", "yen": "\u{A5}", "brvbar": "\u{A6}",
        "sect": "\u{A7}", "uml": "\u{A8}", "copy": "\u{A9}", "ordf": "\u{AA}", "laquo": "\u{AB}", "not": "\u{AC}",
        "shy": "\u{AD}", "reg": "\u{AE}", "macr": "\u{AF}", "deg": "\u{B0}", "plusmn": "\u{B1}", "sup2": "\u{B2}",
        "sup3": "\u{B3}", "acute": "\u{B4}", "micro": "\u{B5}", "para": "\u{B6}", "middot": "\u{B7}", "cedil": "\u{B8}",
        "sup1": "\u{B9}", "ordm": "\u{BA}", "raquo": "\u{BB}", "frac14": "\u{BC}", "frac12": "\u{BD}", "frac34": "\u{BE}",
        "iquest": "\u{BF}", "Agrave": "\u{C0}", "Aacute": "\u{C1}", "Acirc": "\u{C2}", "Atilde": "\u{C3}", "Auml": "\u{C4}",
        "Aring": "\u{C5}", "AElig": "\u{C6}", "Ccedil": "\u{C7}", "Egrave": "\u{C8}", "Eacute": "\u{C9}", "Ecirc": "\u{CA}",
        "Euml": "\u{CB}", "Igrave": "\u{CC}", "Iacute": "\u{CD}", "Icirc": "\u{CE}", "Iuml": "\u{CF}", "ETH": "\u{D0}",
        "Ntilde": "\u{D1}", "Ograve": "\u{D2}", "Oacute": "\u{D3}", "Ocirc": "\u{D4}", "Otilde": "\u{D5}", "Ouml": "\u{D6}",
        "times": "\u{D7}", "Oslash": "\u{D8}", "Ugrave": "\u{D9}", "Uacute": "\u{DA}", "Ucirc": "\u{DB}", "Uuml": "\u{DC}",
        "Yacute": "\u{DD}", "THORN": "\u{DE}", "szlig": "\u{DF}", "agrave": "\u{E0}", "aacute": "\u{E1}", "acirc": "\u{E2}",
        "atilde": "\u{E3}", "auml": "\u{E4}", "aring": "\u{E5}", "aelig": "\u{E6}", "ccedil": "\u{E7}", "egrave": "\u{E8}",
        "eacute": "\u{E9}", "ecirc": "\u{EA}", "euml": "\u{EB}", "igrave": "\u{EC}", "iacute": "\u{ED}", "icirc": "\u{EE}",
        "iuml": "\u{EF}", "eth": "\u{F0}", "ntilde": "\u{F1}", "ograve": "\u{F2}", "oacute": "\u{F3}", "ocirc": "\u{F4}",
        "otilde": "\u{F5}", "ouml": "\u{F6}", "divide": "\u{F7}", "oslash": "\u{F8}", "ugrave": "\u{F9}", "uacute": "\u{FA}",
        "ucirc": "\u{FB}", "uuml": "\u{FC}", "yacute": "\u{FD}", "thorn": "\u{FE}", "yuml": "\u{FF}", "OElig": "\u{152}",
        "oelig": "\u{153}", "Scaron": "\u{160}", "scaron": "\u{161}", "Yuml": "\u{178}", "fnof": "\u{192}", "circ": "\u{2C6}",
        "tilde": "\u{2DC}", "Alpha": "\u{391}", "Beta": "\u{392}", "Gamma": "\u{393}", "Delta": "\u{394}", "Epsilon": "\u{395}",
        "Zeta": "\u{396}", "Eta": "\u{397}", "Theta": "\u{398}", "Iota": "\u{399}", "Kappa": "\u{39A}", "Lambda": "\u{39B}",
        "Mu": "\u{39C}", "Nu": "\u{39D}", "Xi": "\u{39E}", "Omicron": "\u{39F}", "Pi": "\u{3A0}", "Rho": "\u{3A1}",
        "Sigma": "\u{3A3}", "Tau": "\u{3A4}", "Upsilon": "\u{3A5}", "Phi": "\u{3A6}", "Chi": "\u{3A7}", "Psi": "\u{3A8}",
        "Omega": "\u{3A9}", "alpha": "\u{3B1}", "beta": "\u{3B2}", "gamma": "\u{3B3}", "delta": "\u{3B4}", "epsilon": "\u{3B5}",
        "zeta": "\u{3B6}", "eta": "\u{3B7}", "theta": "\u{3B8}", "iota": "\u{3B9}", "kappa": "\u{3BA}", "lambda": "\u{3BB}",
        "mu": "\u{3BC}", "nu": "\u{3BD}", "xi": "\u{3BE}", "omicron": "\u{3BF}", "pi": "\u{3C0}", "rho": "\u{3C1}",
        "sigmaf": "\u{3C2}", "sigma": "\u{3C3}", "tau": "\u{3C4}", "upsilon": "\u{3C5}", "phi": "\u{3C6}", "chi": "\u{3C7}",
        "psi": "\u{3C8}", "omega": "\u{3C9}", "thetasym": "\u{3D1}", "upsih": "\u{3D2}", "piv": "\u{3D6}", "ensp": "\u{2002}",
        "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}", "zwj": "\u{200D}", "lrm": "\u{200E}", "rlm": "\u{200F}",
        "ndash": "\u{2013}", "mdash": "\u{2014}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "sbquo": "\u{201A}", "ldquo": "\u{201C}",
        "rdquo": "\u{201D}", "bdquo": "\u{201E}", "dagger": "\u{2020}", "Dagger": "\u{2021}", "bull": "\u{2022}", "hellip": "\u{2026}",
        "permil": "\u{2030}", "prime": "\u{2032}", "Prime": "\u{2033}", "lsaquo": "\u{2039}", "rsaquo": "\u{203A}", "oline": "\u{203E}",
        "frasl": "\u{2044}", "euro": "\u{20AC}", "image": "\u{2111}", "weierp": "\u{2118}", "real": "\u{211C}", "trade": "\u{2122}",
        "alefsym": "\u{2135}", "larr": "\u{2190}", "uarr": "\u{2191}", "rarr": "\u{2192}", "darr": "\u{2193}", "harr": "\u{2194}",
        "crarr": "\u{21B5}", "lArr": "\u{21D0}", "uArr": "\u{21D1}", "rArr": "\u{21D2}", "dArr": "\u{21D3}", "hArr": "\u{21D4}",
        "forall": "\u{2200}", "part": "\u{2202}", "exist": "\u{2203}", "empty": "\u{2205}", "nabla": "\u{2207}", "isin": "\u{2208}",
        "notin": "\u{2209}", "ni": "\u{220B}", "prod": "\u{220F}", "sum": "\u{2211}", "minus": "\u{2212}", "lowast": "\u{2217}",
        "radic": "\u{221A}", "prop": "\u{221D}", "infin": "\u{221E}", "ang": "\u{2220}", "and": "\u{2227}", "or": "\u{2228}",
        "cap": "\u{2229}", "cup": "\u{222A}", "int": "\u{222B}", "there4": "\u{2234}", "sim": "\u{223C}", "cong": "\u{2245}",
        "asymp": "\u{2248}", "ne": "\u{2260}", "equiv": "\u{2261}", "le": "\u{2264}", "ge": "\u{2265}", "sub": "\u{2282}",
        "sup": "\u{2283}", "nsub": "\u{2284}", "sube": "\u{2286}", "supe": "\u{2287}", "oplus": "\u{2295}", "otimes": "\u{2297}",
        "perp": "\u{22A5}", "sdot": "\u{22C5}", "lceil": "\u{2308}", "rceil": "\u{2309}", "lfloor": "\u{230A}", "rfloor": "\u{230B}",
        "lang": "\u{2329}", "rang": "\u{232A}", "loz": "\u{25CA}", "spades": "\u{2660}", "clubs": "\u{2663}", "hearts": "\u{2665}",
        "diams": "\u{2666}",
    ]

    // MARK: Bytes

    private func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        var position = start
        while position < input.count {
            if input[position] == byte { return position }
            position += 1
        }
        return nil
    }

    private func hasPrefix(_ prefix: some Collection<UInt8>, at start: Int, ignoringCase: Bool = false) -> Bool {
        guard start + prefix.count <= input.count else { return false }
        var position = start
        for expected in prefix {
            let actual = ignoringCase ? Self.lowercased(input[position]) : input[position]
            if actual != expected { return false }
            position += 1
        }
        return true
    }

    /// The index just past the first `terminator` from `start`, or the end of the input.
    private func indexAfter(_ terminator: String, from start: Int) -> Int {
        let bytes = Array(terminator.utf8)
        var candidate = start
        while let found = firstIndex(of: bytes[0], from: candidate) {
            if hasPrefix(bytes, at: found) { return found + bytes.count }
            candidate = found + 1
        }
        return input.count
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Letters, digits and the `-`, `_`, `:` of names such as Outlook's `<o:p>`.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        isLetter(byte) ? byte | 0x20 : byte
    }

    private static func digit(_ byte: UInt8, radix: UInt32) -> UInt32? {
        if isDigit(byte) { return UInt32(byte - UInt8(ascii: "0")) }
        if radix == 16, (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20) {
            return UInt32((byte | 0x20) - UInt8(ascii: "a") + 10)
        }
        return nil
    }
}

/// The attributes of a tag that change its text.
private struct TagAttributes {
    var href: String?
    var alt: [UInt8]?
    var start: Int?
}

// MARK: - Laying out text

/// Collects words into lines, deciding where lines and blank lines go.
///
/// Breaks are requested by tags and applied lazily, just before the next word, so that runs of
/// block elements collapse into at most one blank line and nothing trails the last word.
private struct PlainTextLayout {
    private enum Break: Int, Comparable {
        case none, line, paragraph

        static func < (lhs: Break, rhs: Break) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    private struct List {
        let isOrdered: Bool
        var nextNumber: Int
        var hasItems = false
    }

    private struct Table {
        var rowHasText = false
        /// Whether text sits in more than one cell of the current row, so the row is a line of data.
        var rowHasSeveralCells = false
    }

    private struct Link {
        let href: String
        var text: [UInt8] = []
    }

    private var output: [UInt8] = []
    private var line: [UInt8] = []
    private var pendingSpace = false
    private var pendingBreak = Break.none
    /// The `- ` or `2. ` that opens the next line's text.
    private var itemMarker: [UInt8] = []
    private var lists: [List] = []
    private var tables: [Table] = []
    private var cellSeparatorPending = false
    /// Between `<td>` and its first word: a cell's own paragraphs should not split its row.
    private var awaitingCellText = false
    private var link: Link?
    private var isInsideHead = false

    // MARK: Tags

    mutating func start(_ name: String, _ attributes: TagAttributes) {
        switch name {
        case "head":
            isInsideHead = true
        case "body":
            isInsideHead = false
        case "br":
            lineBreak()
        case "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "dl", "figure", "address":
            requestBreak(.paragraph)
        case "div", "dt", "dd", "section", "article", "header", "footer", "main", "nav", "aside", "center",
             "form", "fieldset", "caption", "figcaption", "details", "summary":
            requestBreak(.line)
        case "ul", "ol":
            requestBreak(lists.isEmpty ? .paragraph : .line)
            lists.append(List(isOrdered: name == "ol", nextNumber: attributes.start ?? 1))
        case "li":
            startItem()
        case "table":
            leaveCell()
            requestBreak(.paragraph)
            tables.append(Table())
        case "tr":
            leaveCell()
            requestBreak(.line)
            if !tables.isEmpty { tables[tables.count - 1] = Table() }
        case "td", "th":
            startCell()
        case "a":
            link = Link(href: attributes.href.map(Self.trimmed) ?? "")
        case "img":
            if let alt = attributes.alt { writeText(alt) }
        default:
            break
        }
    }

    mutating func end(_ name: String) {
        switch name {
        case "head":
            isInsideHead = false
        case "h1":
            underline(with: UInt8(ascii: "="))
        case "h2":
            underline(with: UInt8(ascii: "-"))
        case "p", "h3", "h4", "h5", "h6", "blockquote", "pre", "dl", "figure", "address":
            requestBreak(.paragraph)
        case "div", "li", "dt", "dd", "section", "article", "header", "footer", "main", "nav", "aside", "center",
             "form", "fieldset", "caption", "figcaption", "details", "summary":
            requestBreak(.line)
        case "ul", "ol":
            if !lists.isEmpty { lists.removeLast() }
            requestBreak(lists.isEmpty ? .paragraph : .line)
        case "table":
            leaveCell()
            if !tables.isEmpty { tables.removeLast() }
            requestBreak(.paragraph)
        case "tr":
            leaveCell()
            if tables.last?.rowHasSeveralCells == true, pendingBreak == .paragraph {
                // The last cell's paragraph ends a line of data, not a block.
                pendingBreak = .line
            }
            requestBreak(.line)
        case "a":
            endLink()
        default:
            break
        }
    }

    private mutating func startItem() {
        if let list = lists.last, list.hasItems, pendingBreak == .paragraph {
            // A paragraph closing the previous item must not double-space the list.
            pendingBreak = .line
        }
        requestBreak(.line)
        var marker = Array(repeating: UInt8(ascii: " "), count: 2 * max(lists.count - 1, 0))
        if let list = lists.last, list.isOrdered {
            marker.append(contentsOf: "\(list.nextNumber). ".utf8)
            lists[lists.count - 1].nextNumber += 1
        } else {
            marker.append(contentsOf: "- ".utf8)
        }
        if !lists.isEmpty { lists[lists.count - 1].hasItems = true }
        itemMarker = marker
    }

    private mutating func startCell() {
        if tables.last?.rowHasText == true {
            pendingBreak = .none
            cellSeparatorPending = true
        }
        awaitingCellText = true
    }

    private mutating func leaveCell() {
        cellSeparatorPending = false
        awaitingCellText = false
    }

    private mutating func endLink() {
        guard let link else { return }
        self.link = nil
        let href = link.href
        let lowercasedHref = href.lowercased()
        guard !href.isEmpty, !href.hasPrefix("#"), !lowercasedHref.hasPrefix("javascript:") else { return }
        if link.text.isEmpty {
            writeWord(ArraySlice(href.utf8))
        } else if Self.comparable(String(decoding: link.text, as: UTF8.self)) != Self.comparable(href) {
            pendingSpace = true
            writeWord(ArraySlice("(\(href))".utf8))
        }
    }

    private mutating func underline(with character: UInt8) {
        // Only when the heading's text is the current line: no break has come since it.
        guard !isInsideHead, !line.isEmpty, pendingBreak == .none else {
            requestBreak(.paragraph)
            return
        }
        let width = String(decoding: line, as: UTF8.self).count
        flushLine()
        output.append(contentsOf: repeatElement(character, count: width))
        output.append(UInt8(ascii: "\n"))
        requestBreak(.paragraph)
    }

    // MARK: Text

    /// Writes text whose whitespace runs each count as one space.
    mutating func writeText(_ text: [UInt8]) {
        var wordStart: Int?
        for (position, byte) in text.enumerated() {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                if let start = wordStart { writeWord(text[start..<position]) }
                wordStart = nil
                pendingSpace = true
            } else if wordStart == nil {
                wordStart = position
            }
        }
        if let start = wordStart { writeWord(text[start...]) }
    }

    private mutating func writeWord(_ word: ArraySlice<UInt8>) {
        guard !isInsideHead else { return }
        applyPendingBreak()
        let isSeparate: Bool
        if line.isEmpty {
            line.append(contentsOf: itemMarker)
            itemMarker = []
            isSeparate = true
        } else if cellSeparatorPending {
            line.append(contentsOf: " | ".utf8)
            isSeparate = true
            if !tables.isEmpty { tables[tables.count - 1].rowHasSeveralCells = true }
        } else if pendingSpace {
            line.append(UInt8(ascii: " "))
            isSeparate = true
        } else {
            isSeparate = false
        }
        line.append(contentsOf: word)
        pendingSpace = false
        cellSeparatorPending = false
        awaitingCellText = false
        if !tables.isEmpty { tables[tables.count - 1].rowHasText = true }
        if link != nil {
            if isSeparate, link?.text.isEmpty == false { link?.text.append(UInt8(ascii: " ")) }
            link?.text.append(contentsOf: word)
        }
    }

    // MARK: Lines

    private mutating func requestBreak(_ requested: Break) {
        guard !awaitingCellText else { return }
        // A list item's own paragraph still belongs right after its marker.
        let effective = requested == .paragraph && !itemMarker.isEmpty ? Break.line : requested
        pendingBreak = max(pendingBreak, effective)
    }

    /// `<br>`: ends the line now, so that a second one leaves a blank line.
    private mutating func lineBreak() {
        guard !isInsideHead, !awaitingCellText else { return }
        applyPendingBreak()
        if !line.isEmpty {
            flushLine()
        } else if !output.isEmpty, !endsWithBlankLine {
            output.append(UInt8(ascii: "\n"))
        }
    }

    private mutating func applyPendingBreak() {
        if pendingBreak >= .line, !line.isEmpty { flushLine() }
        if pendingBreak == .paragraph, !output.isEmpty, !endsWithBlankLine { output.append(UInt8(ascii: "\n")) }
        pendingBreak = .none
    }

    private mutating func flushLine() {
        output.append(contentsOf: line)
        output.append(UInt8(ascii: "\n"))
        line.removeAll(keepingCapacity: true)
        pendingSpace = false
    }

    private var endsWithBlankLine: Bool {
        output.count >= 2 && output[output.count - 1] == UInt8(ascii: "\n") && output[output.count - 2] == UInt8(ascii: "\n")
    }

    /// The text so far, ending with exactly one line break; empty when there is none.
    mutating func finishedText() -> String {
        if !line.isEmpty { flushLine() }
        while output.last == UInt8(ascii: "\n") { output.removeLast() }
        if output.isEmpty { return "" }
        output.append(UInt8(ascii: "\n"))
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: Links

    private static func trimmed(_ text: String) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// An address or link text without scheme, case or trailing slash, so that `example.com`
    /// and `https://Example.com/` count as the same.
    private static func comparable(_ text: String) -> Substring {
        var text = Substring(text.lowercased())
        for scheme in ["mailto:", "https://", "http://", "tel:"] where text.hasPrefix(scheme) {
            text = text.dropFirst(scheme.count)
            break
        }
        while text.hasSuffix("/") { text = text.dropLast() }
        return text
    }
}
