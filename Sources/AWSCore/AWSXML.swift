/// Reads the few flat elements AWS puts in an XML answer, by hand: an error's
/// `<Error><Code>NoSuchKey</Code><Message>…</Message><RequestId>…</RequestId></Error>`, a listing's
/// `<CommonPrefixes><Prefix>…</Prefix></CommonPrefixes>`. No XML library for a handful of
/// elements that are never nested in themselves.
///
/// The search works on the UTF-8 bytes, so it needs no string-processing library in the binary.
/// An element is found by its exact start tag `<name>`: one written with attributes, or empty as
/// `<name/>`, is not found.
public enum AWSXML {
    /// The text of the first `<name>…</name>` element, with entities decoded and surrounding
    /// whitespace removed, or `nil` when there is none or it is blank.
    public static func element(_ name: String, in xml: ArraySlice<UInt8>) -> String? {
        contents(of: name, in: xml, limit: 1).first.flatMap { trimmed(decoded($0)) }
    }

    /// The raw content (entities not decoded) of each `<name>…</name>` element in document order,
    /// at most `limit` of them: `contents(of: "CommonPrefixes", …)` gives each prefix's inner XML,
    /// whose `Prefix` is then read with ``contents(of:in:limit:)`` and ``decoded(_:)``.
    public static func contents(of name: String, in xml: ArraySlice<UInt8>, limit: Int = .max) -> [ArraySlice<UInt8>] {
        let open = Array("<\(name)>".utf8)
        let close = Array("</\(name)>".utf8)
        var found: [ArraySlice<UInt8>] = []
        var position = xml.startIndex
        while found.count < limit,
              let start = firstIndex(of: open, in: xml, from: position).map({ $0 + open.count }),
              let end = firstIndex(of: close, in: xml, from: start) {
            found.append(xml[start..<end])
            position = end + close.count
        }
        return found
    }

    /// `content` as text, exactly: entities decoded, nothing trimmed (an S3 key may end in a space).
    public static func decoded(_ content: ArraySlice<UInt8>) -> String {
        unescaped(Substring(decoding: content, as: UTF8.self))
    }

    /// `text` with the five predefined XML entities and character references (`&#233;`, `&#xE9;`)
    /// replaced; anything else that starts with `&` stays as it is.
    static func unescaped(_ text: Substring) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return String(text) }
        var output = ""
        var rest = text
        while let ampersand = rest.firstIndex(of: "&") {
            output += rest[..<ampersand]
            let afterAmpersand = rest.index(after: ampersand)
            if let semicolon = rest[afterAmpersand...].prefix(10).firstIndex(of: ";"),
               let character = character(forEntity: rest[afterAmpersand..<semicolon]) {
                output.append(character)
                rest = rest[rest.index(after: semicolon)...]
            } else {
                output += "&"
                rest = rest[afterAmpersand...]
            }
        }
        output += rest
        return output
    }

    /// `text` without surrounding whitespace (XML bodies and header fields may carry line breaks),
    /// or `nil` when nothing remains.
    static func trimmed(_ text: String) -> String? {
        let isSpace = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) }
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return nil }
        return String(text[first...last])
    }

    private static func character(forEntity entity: Substring) -> Character? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard entity.hasPrefix("#") else { return nil }
            let digits = entity.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }

    private static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.endIndex - start >= needle.count else { return nil }
        var index = start
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == needle[0] && haystack[index..<index + needle.count].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }
}
