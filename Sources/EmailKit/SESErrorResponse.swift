import CurlHTTP
import JSON

/// An error answer from SES (or from the AWS front end before it): status, code and message.
public struct SESErrorResponse: Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    /// The AWS error code, e.g. `MessageRejected`, `SignatureDoesNotMatch`; `nil` when the answer had none.
    public var code: String?
    /// SES's explanation, as sent; empty when there was none.
    public var message: String
    /// `x-amzn-RequestId`, for AWS support.
    public var requestID: String?

    public init(status: Int, code: String?, message: String, requestID: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    /// Reads the code and message wherever the answer puts them.
    ///
    /// The code comes from the `x-amzn-ErrorType` field (`Code:namespace`), else from the JSON body's
    /// `__type` (`namespace#Code`), `code` or `Code`, else from an XML body's `<Code>`. The message
    /// comes from JSON `message` or `Message`, else XML `<Message>`.
    init(_ response: HTTPResponse) {
        let json = (try? JSONParser.parse(response.body))?.objectValue
        let xml = json == nil ? String(decoding: response.body, as: UTF8.self) : nil
        func jsonString(_ key: String) -> String? { json?[key]?.stringValue }

        let code = response.headers["x-amzn-ErrorType"].map(Self.codeFromErrorType)
            ?? jsonString("__type").map(Self.codeFromType) ?? jsonString("code") ?? jsonString("Code")
            ?? xml.flatMap { Self.element("Code", in: $0) }
        let message = jsonString("message") ?? jsonString("Message") ?? xml.flatMap { Self.element("Message", in: $0) }
        let requestID = response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"]
            ?? xml.flatMap { Self.element("RequestId", in: $0) }
        self.init(
            status: response.status,
            code: code.flatMap(Self.trimmed),
            message: message.flatMap(Self.trimmed) ?? "",
            requestID: requestID.flatMap(Self.trimmed)
        )
    }

    public var description: String {
        var text = "HTTP \(status)"
        if let code { text += " \(code)" }
        if !message.isEmpty { text += ": \(message)" }
        if let requestID { text += " [request \(requestID)]" }
        return text
    }

    /// `text` without surrounding whitespace (XML bodies and header fields may carry line breaks),
    /// or `nil` when nothing remains.
    private static func trimmed(_ text: String) -> String? {
        let isSpace = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) }
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return nil }
        return String(text[first...last])
    }

    /// `MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/` → `MessageRejected`.
    private static func codeFromErrorType(_ value: String) -> String {
        String(value.prefix { $0 != ":" })
    }

    /// `com.amazonaws.sesv2#MessageRejected` → `MessageRejected`.
    private static func codeFromType(_ value: String) -> String {
        codeFromErrorType(String(value.split(separator: "#").last ?? ""))
    }

    /// The text of the first `<name>…</name>` element.
    private static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.firstRange(of: "<\(name)>"),
              let close = xml[open.upperBound...].firstRange(of: "</\(name)>")
        else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}
