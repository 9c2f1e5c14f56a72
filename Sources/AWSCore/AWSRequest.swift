import CurlHTTP

/// One call of a service operation before signing: what ``AWSClient`` signs, sends, retries and
/// reads errors from. A service client builds it with the constructor of its wire protocol.
public struct AWSRequest: Sendable {
    /// The operation's name, in errors and logs: `SendEmail`, `GetObject`, `PutItem`.
    public var operation: String
    /// Whether carrying the call out twice has the effect of once (a read, a `GetSecretValue`).
    /// Only such a call is retried after its request went out and its answer was lost.
    public var isIdempotent: Bool
    /// What the call is about, for errors and logs (`s3://bucket/key`); never personal or secret.
    public var resource: String?
    /// The request to sign and send; its timeout is set by the client for each attempt.
    public var http: HTTPRequest

    public init(operation: String, isIdempotent: Bool, resource: String? = nil, http: HTTPRequest) {
        self.operation = operation
        self.isIdempotent = isIdempotent
        self.resource = resource
        self.http = http
    }

    // MARK: Wire protocols

    /// REST-JSON (SES v2): the operation is the method and path, the input a JSON body.
    public static func restJSON(
        operation: String, method: HTTPRequest.Method, url: String, body: [UInt8], isIdempotent: Bool
    ) -> AWSRequest {
        AWSRequest(operation: operation, isIdempotent: isIdempotent, http: HTTPRequest(
            method: method, url: url, headers: ["Content-Type": "application/json"], body: body,
            timeout: nil, maximumResponseBodySize: HTTPRequest.defaultMaximumResponseBodySize))
    }

    /// REST-XML (S3): the operation is the method and path, its options header fields; errors come
    /// back as XML.
    public static func restXML(
        operation: String, method: HTTPRequest.Method, url: String, headers: HTTPHeaders = [:],
        isIdempotent: Bool, resource: String?, maximumResponseSize: Int
    ) -> AWSRequest {
        AWSRequest(operation: operation, isIdempotent: isIdempotent, resource: resource, http: HTTPRequest(
            method: method, url: url, headers: headers, timeout: nil, maximumResponseBodySize: maximumResponseSize))
    }

    /// AWS JSON 1.0 (DynamoDB, Step Functions): `POST /` with the operation in
    /// `X-Amz-Target: <targetPrefix>.<operation>` and the input as a JSON body.
    public static func awsJSON10(
        operation: String, targetPrefix: String, endpoint: String, body: [UInt8], isIdempotent: Bool
    ) -> AWSRequest {
        awsJSON(version: "1.0", operation: operation, targetPrefix: targetPrefix, endpoint: endpoint, body: body, isIdempotent: isIdempotent)
    }

    /// AWS JSON 1.1 (Secrets Manager, KMS): as 1.0, with its own content type.
    public static func awsJSON11(
        operation: String, targetPrefix: String, endpoint: String, body: [UInt8], isIdempotent: Bool
    ) -> AWSRequest {
        awsJSON(version: "1.1", operation: operation, targetPrefix: targetPrefix, endpoint: endpoint, body: body, isIdempotent: isIdempotent)
    }

    private static func awsJSON(
        version: String, operation: String, targetPrefix: String, endpoint: String, body: [UInt8], isIdempotent: Bool
    ) -> AWSRequest {
        let headers: HTTPHeaders = [
            "Content-Type": "application/x-amz-json-\(version)",
            "X-Amz-Target": "\(targetPrefix).\(operation)",
        ]
        return AWSRequest(operation: operation, isIdempotent: isIdempotent, http: HTTPRequest(
            method: .post, url: endpoint + "/", headers: headers, body: body,
            timeout: nil, maximumResponseBodySize: HTTPRequest.defaultMaximumResponseBodySize))
    }
}
