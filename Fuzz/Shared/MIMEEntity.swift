/// One MIME entity read back from bytes the writer produced: its header fields, unfolded, and
/// its body, split into parts when it is multipart.
///
/// It reads only what `MIMEWriter` writes (CRLF lines, `boundary="…"` quoted, one level of
/// parameters), which keeps it small; anything else is a ``MIMEReadError``.
struct MIMEEntity {
    /// Field names as written, values unfolded (each CRLF before a folded line removed).
    var fields: [(name: String, value: [UInt8])]
    var body: ArraySlice<UInt8>
    /// The parts of a multipart body, in order; empty for a leaf.
    var parts: [MIMEEntity]

    init(_ bytes: ArraySlice<UInt8>) throws(MIMEReadError) {
        var fields: [(name: String, value: [UInt8])] = []
        var index = bytes.startIndex
        while true {
            guard let lineEnd = Self.crlf(in: bytes, from: index) else {
                throw MIMEReadError("the header block never ends with an empty line")
            }
            if lineEnd == index {
                index += 2
                break
            }
            let line = bytes[index..<lineEnd]
            if line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t") {
                guard !fields.isEmpty else { throw MIMEReadError("a continuation line opens the header block") }
                guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else {
                    throw MIMEReadError("a folded header line holds only whitespace")
                }
                fields[fields.count - 1].value.append(contentsOf: line)
            } else {
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                    throw MIMEReadError("header line without a field name: \(String(decoding: line.prefix(80), as: UTF8.self))")
                }
                let name = line[line.startIndex..<colon]
                guard name.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                    throw MIMEReadError("header field name with spaces or controls: \(String(decoding: name, as: UTF8.self))")
                }
                fields.append((String(decoding: name, as: UTF8.self), Array(line[(colon + 1)...])))
            }
            index = lineEnd + 2
        }
        self.fields = fields
        body = bytes[index...]
        parts = []

        let contentType = try HeaderValue.parameters(of: field("Content-Type") ?? Array("text/plain".utf8))
        if contentType.value.hasPrefix("multipart/") {
            guard let boundary = contentType.parameters.first(where: { $0.name == "boundary" })?.value else {
                throw MIMEReadError("\(contentType.value) without a boundary")
            }
            parts = try Self.split(body, boundary: Array(boundary.utf8))
        }
    }

    /// The value of the only field called `name` (compared without regard to case).
    func field(_ name: String) throws(MIMEReadError) -> [UInt8]? {
        let matching = fields.filter { $0.name.lowercased() == name.lowercased() }
        guard matching.count <= 1 else { throw MIMEReadError("\(matching.count) \(name) fields in one entity") }
        return matching.first?.value
    }

    /// The media type, lowercased, `text/plain` when there is no `Content-Type`.
    func mediaType() throws(MIMEReadError) -> String {
        try HeaderValue.parameters(of: field("Content-Type") ?? Array("text/plain".utf8)).value
    }

    /// The body with its transfer encoding undone.
    func decodedBody() throws(MIMEReadError) -> [UInt8] {
        let encoding = try field("Content-Transfer-Encoding").map { HeaderValue.trimmed($0).lowercased() } ?? "7bit"
        switch encoding {
        case "7bit": return Array(body)
        case "quoted-printable": return try TransferDecoding.quotedPrintable(body)
        case "base64": return try TransferDecoding.base64Lines(body)
        default: throw MIMEReadError("unknown Content-Transfer-Encoding \(encoding)")
        }
    }

    /// The parts between `--boundary` delimiter lines; the CRLF before each delimiter belongs to it.
    private static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) throws(MIMEReadError) -> [MIMEEntity] {
        let delimiter = Array("--".utf8) + boundary
        var starts: [Int] = []
        var closing: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let lineEnd = crlf(in: body, from: lineStart) ?? body.endIndex
            let line = body[lineStart..<lineEnd]
            if line.starts(with: delimiter) {
                let rest = line.dropFirst(delimiter.count)
                if rest.isEmpty {
                    guard closing == nil else { throw MIMEReadError("a part after the closing delimiter") }
                    starts.append(min(lineEnd + 2, body.endIndex))
                } else if rest.elementsEqual("--".utf8) {
                    closing = lineStart
                } else {
                    throw MIMEReadError("a body line starts with the boundary")
                }
            }
            lineStart = min(lineEnd + 2, body.endIndex)
        }
        guard let closing, !starts.isEmpty else { throw MIMEReadError("multipart body without delimiters") }
        var parts: [MIMEEntity] = []
        for (number, start) in starts.enumerated() {
            let nextDelimiter = number + 1 < starts.count ? starts[number + 1] - delimiter.count - 2 : closing
            // The CRLF before the next delimiter line is part of that delimiter.
            let end = nextDelimiter - 2
            guard end >= start, body[end..<nextDelimiter].elementsEqual("\r\n".utf8) else {
                throw MIMEReadError("a delimiter line not preceded by CRLF")
            }
            parts.append(try MIMEEntity(body[start..<end]))
        }
        return parts
    }

    static func crlf(in bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "\r") && bytes[index + 1] == UInt8(ascii: "\n") { return index }
            index += 1
        }
        return nil
    }
}
