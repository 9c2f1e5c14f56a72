import Glibc

/// JSON that cannot be read: malformed, over one of the parser's limits, or with a member name
/// given twice. Carries the byte offset where reading stopped and the path of the value at fault.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not JSON.
        case malformed
        /// JSON, but nested deeper, or with more elements, members or values, than the parser reads.
        case overLimit
        /// An object gives the same member name twice.
        case duplicateName
    }

    public var kind: Kind
    /// Where reading stopped.
    public var offset: Int
    public var reason: String
    /// The member names and array indices leading to the value at fault, outermost first; empty
    /// for the document itself. For a duplicate member name, the path of its second occurrence.
    public var path: [JSONPathComponent]

    public init(_ kind: Kind = .malformed, offset: Int, reason: String, path: [JSONPathComponent] = []) {
        self.kind = kind
        self.offset = offset
        self.reason = reason
        self.path = path
    }

    public var description: String {
        path.isEmpty ? "malformed JSON at byte \(offset): \(reason)" : "malformed JSON at byte \(offset), in \(JSONPathComponent.text(of: path)): \(reason)"
    }

    /// This error, inside `component` of an enclosing container.
    func inside(_ component: JSONPathComponent) -> JSONSyntaxError {
        var error = self
        error.path.insert(component, at: 0)
        return error
    }
}

/// One step of a path into a JSON document: a member of an object or an element of an array.
public enum JSONPathComponent: Sendable, Equatable {
    case member(String)
    case index(Int)

    /// Names longer than this are shortened in ``text(of:)``: they are the producer's, and a path
    /// is quoted back in error messages.
    public static let maximumShownNameLength = 64

    /// `to[3]`, `headers.X-Order`: the path as JSON producers write it, long names shortened with `…`.
    public static func text(of path: [JSONPathComponent]) -> String {
        var text = ""
        for component in path {
            switch component {
            case .member(let name):
                if !text.isEmpty { text += "." }
                text += name.count > maximumShownNameLength ? name.prefix(maximumShownNameLength) + "…" : name
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}

/// A strict RFC 8259 JSON parser into ``JSONValue``.
///
/// It is ours rather than `JSONDecoder` because input is checked field by field (see
/// `NotificationParser`) and because what a document may cost is capped before it is spent:
/// - nesting depth: a hostile document of a million `[` is refused after `maximumDepth` bytes
///   instead of exhausting the stack;
/// - elements of one array and members of one object (``maximumContainerCount``), and values in
///   the whole document (``maximumValueCount``): a few megabytes of `[{},{},…]` would otherwise
///   become a tree many times their size;
/// - a member name given twice in one object is an error at the second occurrence (RFC 8259 says
///   names SHOULD be unique; readers disagree on which one wins, so a duplicate could make a
///   gateway in front read a different message than the one sent).
public struct JSONParser {
    public static let defaultMaximumDepth = 64
    /// The most elements one array, or members one object, may hold.
    public static let maximumContainerCount = 10_000
    /// The most values (of any type, containers included) one document may hold.
    public static let maximumValueCount = 200_000

    private let bytes: UnsafeBufferPointer<UInt8>
    private let maximumDepth: Int
    private var index = 0
    private var valueCount = 0

    /// Parses one JSON document, which must be the whole of `bytes` apart from whitespace.
    public static func parse(
        _ bytes: [UInt8],
        maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, maximumDepth: maximumDepth)
            return Result { () throws(JSONSyntaxError) in try parser.parseDocument() }
        }
        return try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    private mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected data after the document") }
        return value
    }

    private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input") }
        valueCount += 1
        guard valueCount <= Self.maximumValueCount else { throw error("more than \(Self.maximumValueCount) values in one document", .overLimit) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character '\(printable(bytes[index]))'")
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= maximumDepth else { throw error("nesting deeper than \(maximumDepth) levels", .overLimit) }
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        // Names seen so far, hashed once an object is large enough for a linear search to cost.
        var names: Set<String> = []
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .object(JSONObject(members)) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a member name") }
            let key = try parseString()
            if members.count < 16 ? members.contains(where: { $0.key == key }) : !names.insert(key).inserted {
                throw error("member name '\(JSONPathComponent.text(of: [.member(key)]))' given twice", .duplicateName).inside(.member(key))
            }
            if members.count == 15 { names = Set(members.map(\.key) + [key]) }
            guard members.count < Self.maximumContainerCount else {
                throw error("more than \(Self.maximumContainerCount) members in one object", .overLimit)
            }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw error("expected ':' after a member name") }
            let value: JSONValue
            do {
                value = try parseValue(depth: depth)
            } catch {
                throw error.inside(.member(key))
            }
            members.append((key, value))
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { return .object(JSONObject(members)) }
            throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= maximumDepth else { throw error("nesting deeper than \(maximumDepth) levels", .overLimit) }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            guard elements.count < Self.maximumContainerCount else {
                throw error("more than \(Self.maximumContainerCount) elements in one array", .overLimit)
            }
            do {
                elements.append(try parseValue(depth: depth))
            } catch {
                throw error.inside(.index(elements.count))
            }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { return .array(elements) }
            throw error("expected ',' or ']' in an array")
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1  // opening quote
        let start = index
        skipVerbatimBytes()
        // Without escapes the string is a slice of the input, validated and copied once.
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
            index += 1
            return try validatedUTF8(slice, at: start)
        }
        var buffer = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return try buffer.withUnsafeBufferPointer { (b) throws(JSONSyntaxError) in try validatedUTF8(b, at: start) }
            case UInt8(ascii: "\\"):
                index += 1
                try parseEscape(into: &buffer)
            default:
                throw error("control character in a string")
            }
            let run = index
            skipVerbatimBytes()
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
        }
        throw error("unterminated string")
    }

    /// Advances `index` to the next quote, backslash or control character, or to the end: over
    /// the bytes a string holds as they are. Bytes of 0x80 and above are passed over here and
    /// judged by the UTF-8 validation of the whole string.
    private mutating func skipVerbatimBytes() {
        // Eight bytes per step (SWAR): each test below sets a byte's top bit where that byte is a
        // quote, a backslash or below 0x20 (x - n borrows into the top bit of a byte below n, and
        // `& ~x` drops bytes that had it set already). A borrow can also mark bytes *after* a true
        // match, never before, so the lowest marked byte is exactly the first one that stops us.
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let tops: UInt64 = 0x8080_8080_8080_8080
            let quotes = ones &* UInt64(UInt8(ascii: "\""))
            let backslashes = ones &* UInt64(UInt8(ascii: "\\"))
            let spaces = ones &* 0x20
            while bytes.count - index >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let quote = word ^ quotes
                let backslash = word ^ backslashes
                let stops = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (word &- spaces) & ~word) & tops
                if stops != 0 {
                    index += stops.trailingZeroBitCount / 8
                    return
                }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return }
            index += 1
        }
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        guard index < bytes.count else { throw error("unterminated escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): buffer.append(0x22)
        case UInt8(ascii: "\\"): buffer.append(0x5C)
        case UInt8(ascii: "/"): buffer.append(0x2F)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw error("unpaired surrogate in \\u escape") }
                index += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in \\u escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw error("unpaired surrogate in \\u escape")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
            buffer.append(contentsOf: String(unicode).utf8)
        default:
            throw error("invalid escape '\\\(printable(byte))'")
        }
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            // A leading zero stands alone.
        } else if !consumeDigits() {
            throw error("expected a digit")
        }
        if consume(UInt8(ascii: ".")), !consumeDigits() { throw error("expected a digit after '.'") }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard consumeDigits() else { throw error("expected a digit in the exponent") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func consumeDigits() -> Bool {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index > start
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count,
              memcmp(bytes.baseAddress! + index, literal.utf8Start, count) == 0
        else { throw error("invalid literal") }
        index += count
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func validatedUTF8(_ slice: UnsafeBufferPointer<UInt8>, at offset: Int) throws(JSONSyntaxError) -> String {
        guard let string = String(validating: slice, as: UTF8.self) else {
            throw JSONSyntaxError(offset: offset, reason: "string is not valid UTF-8")
        }
        return string
    }

    private func error(_ reason: String, _ kind: JSONSyntaxError.Kind = .malformed) -> JSONSyntaxError {
        JSONSyntaxError(kind, offset: index, reason: reason)
    }

    private func printable(_ byte: UInt8) -> String {
        (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }
}
