import CurlHTTP
import ByteEncoding

/// The calls a runtime makes to the Lambda Runtime API (2018-06-01), over one kept-alive
/// connection.
struct RuntimeAPIClient {
    static let invocationIDHeader = "Lambda-Runtime-Invocation-Id"
    static let errorTypeHeader = "Lambda-Runtime-Function-Error-Type"
    /// Limit for every call but `/next`. The Runtime API is local and answers a POST at once, so a
    /// longer wait means it is gone.
    static let postTimeout: Duration = .seconds(10)

    private let http = HTTPClient(configuration: .init(useProxy: false))
    private let baseURL: String

    /// - Parameter endpoint: `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`.
    init(endpoint: String) {
        baseURL = "http://\(endpoint)/2018-06-01/runtime"
    }

    /// Waits, without a time limit, for the next event: Lambda freezes the process during the wait,
    /// for however long the function stays idle.
    func next(environment: FunctionEnvironment, logger: LambdaLogger) throws(RuntimeAPIError) -> Invocation {
        // A synchronous invocation's payload is at most 6 MB, but an API Gateway event quotes its body,
        // escaping every `"`, so a 6 MiB body can arrive as an event of twice that. The cap only
        // keeps a broken Runtime API from exhausting memory; Lambda enforces the real limits.
        let response = try send(HTTPRequest(method: .get, url: baseURL + "/invocation/next", timeout: nil, maximumResponseBodySize: 16 << 20))
        return try Invocation(response: response, environment: environment, logger: logger)
    }

    func postResponse(_ body: [UInt8], for context: LambdaContext) throws(RuntimeAPIError) {
        var headers = echoedHeaders(for: context)
        // Otherwise libcurl labels every POST body `application/x-www-form-urlencoded`.
        headers.add(name: "Content-Type", value: "")
        try send(HTTPRequest(
            method: .post,
            url: "\(baseURL)/invocation/\(PercentEncoding.encoded(context.requestID.utf8, keepingSlashes: false))/response",
            headers: headers,
            body: body,
            timeout: Self.postTimeout
        ))
    }

    func postError(_ report: ErrorReport, for context: LambdaContext) throws(RuntimeAPIError) {
        var headers = echoedHeaders(for: context)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: Self.errorTypeHeader, value: report.headerValue)
        try send(HTTPRequest(
            method: .post,
            url: "\(baseURL)/invocation/\(PercentEncoding.encoded(context.requestID.utf8, keepingSlashes: false))/error",
            headers: headers,
            body: report.json,
            timeout: Self.postTimeout
        ))
    }

    func postInitError(_ report: ErrorReport) throws(RuntimeAPIError) {
        try send(HTTPRequest(
            method: .post,
            url: baseURL + "/init/error",
            headers: ["Content-Type": "application/json", Self.errorTypeHeader: report.headerValue],
            body: report.json,
            timeout: Self.postTimeout
        ))
    }

    /// The invocation id goes back with the answer so that Lambda can tell an answer to this
    /// invocation from a late one to an earlier invocation that reused the request id.
    private func echoedHeaders(for context: LambdaContext) -> HTTPHeaders {
        var headers = HTTPHeaders()
        if let invocationID = context.invocationID {
            headers.add(name: Self.invocationIDHeader, value: invocationID)
        }
        return headers
    }

    @discardableResult
    private func send(_ request: HTTPRequest) throws(RuntimeAPIError) -> HTTPResponse {
        let path = String(request.url.dropFirst(baseURL.count))
        let response: HTTPResponse
        do {
            response = try http.execute(request)
        } catch {
            throw .transport(path: path, error)
        }
        guard response.isSuccess else {
            throw .refused(path: path, status: response.status, body: String(decoding: response.body.prefix(1024), as: UTF8.self))
        }
        return response
    }
}
