import CurlHTTP
import JSON

/// An error answer from an AWS service (or from the AWS front end before it): status, code,
/// message and where to look further, read from whichever wire protocol the service speaks.
public struct AWSErrorResponse: Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    /// The AWS error code, e.g. `MessageRejected`, `NoSuchKey`, `ConditionalCheckFailedException`;
    /// `nil` when the answer had none (a `HEAD`, or a proxy's HTML page).
    public var code: String?
    /// The service's explanation, entities decoded; empty when there was none.
    public var message: String
    /// `x-amzn-RequestId` or `x-amz-request-id`, for AWS support.
    public var requestID: String?
    /// The bucket's real region, when S3 says the request went to the wrong one
    /// (`PermanentRedirect`, `AuthorizationHeaderMalformed`).
    public var bucketRegion: String?
    /// The answer's JSON body, when it is JSON: DynamoDB puts the item that failed a condition there
    /// (`ReturnValuesOnConditionCheckFailure`). Never printed.
    public var json: JSONValue?

    public init(status: Int, code: String?, message: String, requestID: String? = nil, bucketRegion: String? = nil, json: JSONValue? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.bucketRegion = bucketRegion
        self.json = json
    }

    /// Reads the code and message wherever the answer puts them, for every protocol the core speaks.
    ///
    /// The code comes from the `x-amzn-ErrorType` field (`Code:namespace`, REST-JSON), else from the
    /// JSON body's `__type` (`namespace#Code`, AWS JSON 1.0 and 1.1), `code` or `Code`, else from an
    /// XML body's `<Code>` (REST-XML). The message comes from JSON `message` or `Message`, else XML
    /// `<Message>`.
    init(_ response: HTTPResponse) {
        let document = try? JSONParser.parse(response.body)
        let json = document?.objectValue
        let xml = json == nil ? response.body[...] : nil
        func jsonString(_ key: String) -> String? { json?[key]?.stringValue }

        let code = response.headers["x-amzn-ErrorType"].map(Self.codeFromErrorType)
            ?? jsonString("__type").map(Self.codeFromType) ?? jsonString("code") ?? jsonString("Code")
            ?? xml.flatMap { AWSXML.element("Code", in: $0) }
        let message = jsonString("message") ?? jsonString("Message") ?? xml.flatMap { AWSXML.element("Message", in: $0) }
        let requestID = response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"]
            ?? xml.flatMap { AWSXML.element("RequestId", in: $0) }
        let bucketRegion = response.headers["x-amz-bucket-region"] ?? xml.flatMap { AWSXML.element("Region", in: $0) }
        self.init(
            status: response.status,
            code: code.flatMap(AWSXML.trimmed),
            message: message.flatMap(AWSXML.trimmed) ?? "",
            requestID: requestID.flatMap(AWSXML.trimmed),
            bucketRegion: bucketRegion.flatMap(AWSXML.trimmed),
            json: json == nil ? nil : document
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

    /// `MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/` → `MessageRejected`.
    private static func codeFromErrorType(_ value: String) -> String {
        String(value.prefix { $0 != ":" })
    }

    /// `com.amazonaws.sesv2#MessageRejected` → `MessageRejected`.
    private static func codeFromType(_ value: String) -> String {
        codeFromErrorType(String(value.split(separator: "#").last ?? ""))
    }
}
