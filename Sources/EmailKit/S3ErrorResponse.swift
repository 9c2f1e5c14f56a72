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
        let xml = response.body
        self.init(
            status: response.status,
            code: AWSErrorXML.element("Code", in: xml),
            message: AWSErrorXML.element("Message", in: xml) ?? "",
            requestID: response.headers["x-amz-request-id"] ?? AWSErrorXML.element("RequestId", in: xml),
            bucketRegion: response.headers["x-amz-bucket-region"] ?? AWSErrorXML.element("Region", in: xml)
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
}
