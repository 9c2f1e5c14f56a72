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
        let xml = json == nil ? response.body : nil
        func jsonString(_ key: String) -> String? { json?[key]?.stringValue }

        let code = response.headers["x-amzn-ErrorType"].map(Self.codeFromErrorType)
            ?? jsonString("__type").map(Self.codeFromType) ?? jsonString("code") ?? jsonString("Code")
            ?? xml.flatMap { AWSErrorXML.element("Code", in: $0) }
        let message = jsonString("message") ?? jsonString("Message") ?? xml.flatMap { AWSErrorXML.element("Message", in: $0) }
        let requestID = response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"]
            ?? xml.flatMap { AWSErrorXML.element("RequestId", in: $0) }
        self.init(
            status: response.status,
            code: code.flatMap(AWSErrorXML.trimmed),
            message: message.flatMap(AWSErrorXML.trimmed) ?? "",
            requestID: requestID.flatMap(AWSErrorXML.trimmed)
        )
    }

    public var description: String {
        var text = "HTTP \(status)"
        if let code { text += " \(code)" }
        if !message.isEmpty { text += ": \(message)" }
        if let requestID { text += " [request \(requestID)]" }
        return text
    }

    /// `MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/` → `MessageRejected`.
    private static func codeFromErrorType(_ value: String) -> String {
        String(value.prefix { $0 != ":" })
    }

    /// `com.amazonaws.sesv2#MessageRejected` → `MessageRejected`.
    private static func codeFromType(_ value: String) -> String {
        codeFromErrorType(String(value.split(separator: "#").last ?? ""))
    }
}
