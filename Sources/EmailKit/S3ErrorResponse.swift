import CurlHTTP

/// An error answer from S3: status, S3's code and message, and where to look further.
///
/// S3 answers errors with a small XML document,
/// `<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>…</Error>`,
/// read here by hand: no XML library for five elements.
public struct S3ErrorResponse: Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    /// S3's error code, e.g. `NoSuchKey`, `AccessDenied`, `SlowDown`; `nil` when the answer had
    /// none (a `HEAD`, or a proxy's HTML page).
    public var code: String?
    /// S3's explanation, entities decoded; empty when there was none.
    public var message: String
    /// `x-amz-request-id`, for AWS support.
    public var requestID: String?
    /// The bucket's real region, when S3 says the request went to the wrong one
    /// (`PermanentRedirect`, `AuthorizationHeaderMalformed`).
    public var bucketRegion: String?

    public init(status: Int, code: String?, message: String, requestID: String? = nil, bucketRegion: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.bucketRegion = bucketRegion
    }

    /// Reads `<Code>`, `<Message>`, `<RequestId>` and `<Region>` from the body, preferring the
    /// `x-amz-request-id` and `x-amz-bucket-region` header fields when present.
    init(_ response: HTTPResponse) {
        let xml = String(decoding: response.body, as: UTF8.self)
        self.init(
            status: response.status,
            code: Self.element("Code", in: xml),
            message: Self.element("Message", in: xml) ?? "",
            requestID: response.headers["x-amz-request-id"] ?? Self.element("RequestId", in: xml),
            bucketRegion: response.headers["x-amz-bucket-region"] ?? Self.element("Region", in: xml)
        )
    }

    public var description: String {
        var text = "HTTP \(status)"
        if let code { text += " \(code)" }
        if !message.isEmpty { text += ": \(message)" }
        if let bucketRegion { text += " (bucket region \(bucketRegion))" }
        if let requestID { text += " [request \(requestID)]" }
        return text
    }

    // MARK: XML

    /// The text of the first `<name>…</name>` element, trimmed and with entities decoded, or `nil`
    /// when there is none or it is blank.
    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.firstRange(of: "<\(name)>"),
              let close = xml[open.upperBound...].firstRange(of: "</\(name)>")
        else { return nil }
        let text = unescaped(xml[open.upperBound..<close.lowerBound])
        return trimmed(text)
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

    private static func trimmed(_ text: String) -> String? {
        let isSpace = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) }
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return nil }
        return String(text[first...last])
    }
}
