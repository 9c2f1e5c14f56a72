import CurlHTTP
import WallClock

/// Reads objects from S3 with `GetObject`, signed with SigV4, with ETag revalidation.
///
/// Like ``SESClient`` the client blocks the calling thread and owns an ``HTTPClient`` (and its
/// kept-alive connections), which is not thread-safe, so give each thread its own client.
public final class S3Client {
    /// What ``getObject(bucket:key:ifNoneMatch:maximumSize:deadline:)`` reads at most unless told
    /// otherwise: 1 MiB, plenty for an e-mail template.
    public static let defaultMaximumObjectSize = 1 << 20

    public let configuration: S3Configuration
    public let retryPolicy: RetryPolicy
    private let signer: SigV4Signer
    private let http: HTTPClient

    /// A client for the S3 endpoint and region of `configuration`, signing as `credentials`.
    public init(configuration: S3Configuration, credentials: AWSCredentials, retryPolicy: RetryPolicy = RetryPolicy()) {
        self.configuration = configuration
        self.retryPolicy = retryPolicy
        signer = SigV4Signer(credentials: credentials, region: configuration.region, service: "s3")
        http = HTTPClient(configuration: HTTPClient.Configuration(caBundlePath: configuration.caBundlePath))
    }

    /// Reads the object `key` of `bucket`, or learns that it has not changed.
    ///
    /// - `key` is the object's name as stored, not URL-encoded (`templates/ü n/subject.mustache`);
    ///   it is percent-encoded once, as S3 expects. Keys with a `.` or `..` segment are refused,
    ///   as libcurl would resolve them before sending.
    /// - With `ifNoneMatch`, an ETag from an earlier ``S3Object/etag``, the answer is
    ///   ``S3GetObjectResult/notModified`` while the object still has that ETag.
    /// - An object over `maximumSize` bytes fails with ``S3Error/Reason/objectTooLarge(maximumSize:)``
    ///   once its `Content-Length` (or that many bytes) has arrived; no more is buffered.
    ///
    /// S3's internal errors, throttling and connection failures are retried as ``retryPolicy`` says,
    /// each attempt signed afresh, while attempts remain and a retry still fits before `deadline`
    /// (after its delay, at least as much time as the failed attempt took); then the last failure
    /// is thrown. Every attempt's timeout ends at `deadline` at the latest. Other failures (no such
    /// key or bucket, access denied, a refused signature) are thrown at once.
    public func getObject(
        bucket: String,
        key: String,
        ifNoneMatch etag: String? = nil,
        maximumSize: Int = S3Client.defaultMaximumObjectSize,
        deadline: ContinuousClock.Instant
    ) throws(S3Error) -> S3GetObjectResult {
        let unsigned = try getObjectRequest(bucket: bucket, key: key, ifNoneMatch: etag, maximumSize: maximumSize)
        var random = SystemRandomNumberGenerator()
        var attempts = 0
        var lastError: S3Error?
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            // libcurl reads a timeout that rounds to 0 ms as "no timeout".
            guard remaining >= .milliseconds(1) else {
                throw lastError ?? S3Error(reason: .deadlinePassed, bucket: bucket, key: key, attempts: attempts)
            }
            var request = unsigned
            request.timeout = min(remaining, retryPolicy.attemptTimeout)
            try sign(&request, bucket: bucket, key: key, at: .now())
            attempts += 1
            let started = ContinuousClock.now
            let result = http.executeAll([request], maxConcurrent: 1)[0]
            do {
                return try interpret(result, bucket: bucket, key: key, askedIfNoneMatch: etag != nil, maximumSize: maximumSize, attempt: attempts)
            } catch {
                guard error.isRetryable,
                      let delay = retryPolicy.delayBeforeRetry(
                          afterAttempts: attempts, lastAttemptDuration: started.duration(to: .now), deadline: deadline, using: &random
                      )
                else { throw error }
                lastError = error
                sleep(for: delay)
            }
        }
    }

    // MARK: Request

    /// The unsigned `GetObject` request for `key` in `bucket`, without a timeout, or
    /// ``S3Error/Reason/invalidRequest(_:)`` when it cannot be sent.
    func getObjectRequest(bucket: String, key: String, ifNoneMatch etag: String?, maximumSize: Int) throws(S3Error) -> HTTPRequest {
        func refused(_ problem: String) -> S3Error {
            S3Error(reason: .invalidRequest(problem), bucket: bucket, key: key, attempts: 0)
        }
        if let problem = Self.problem(withBucket: bucket) ?? Self.problem(withKey: key) { throw refused(problem) }
        guard maximumSize >= 0 else { throw refused("maximumSize \(maximumSize) is negative") }
        let url = objectURL(bucket: bucket, key: key)
        guard RequestTarget(url: url) != nil else {
            throw refused("the endpoint \"\(configuration.endpoint ?? "")\" is not an http(s) URL")
        }

        var headers = HTTPHeaders()
        if let etag {
            // A line break would end the header field and let the value inject others.
            guard !etag.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
                throw refused("the If-None-Match value contains a control character")
            }
            headers.add(name: "If-None-Match", value: etag)
        }
        return HTTPRequest(method: .get, url: url, headers: headers, timeout: nil, maximumResponseBodySize: maximumSize)
    }

    /// Signs `request` as of `date`.
    func sign(_ request: inout HTTPRequest, bucket: String, key: String, at date: WallClockTime) throws(S3Error) {
        do {
            try signer.sign(&request, at: date)
        } catch {
            // `getObjectRequest` has checked the URL already.
            throw S3Error(reason: .invalidRequest(error.description), bucket: bucket, key: key, attempts: 0)
        }
    }

    /// Path-style under a custom endpoint; at AWS virtual-hosted style when the bucket name can be
    /// a host name label, else path-style (as the AWS SDKs do, e.g. for names with dots, which the
    /// `*.s3` certificate does not cover).
    func objectURL(bucket: String, key: String) -> String {
        // S3 signs the path as sent: each key byte outside the unreserved set is encoded exactly once.
        let path = CanonicalRequest.percentEncoded(key.utf8, keepingSlashes: true)
        if let endpoint = configuration.endpoint {
            return "\(endpoint)/\(bucket)/\(path)"
        }
        let domain = configuration.region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        if Self.isHostNameLabel(bucket) {
            return "https://\(bucket).s3.\(configuration.region).\(domain)/\(path)"
        }
        return "https://s3.\(configuration.region).\(domain)/\(bucket)/\(path)"
    }

    /// Why `bucket` cannot be put in a URL, or `nil`: S3 bucket names (legacy ones included) are
    /// 3 to 255 letters, digits, `.`, `-` and `_`.
    private static func problem(withBucket bucket: String) -> String? {
        let isAllowed = { (byte: UInt8) in
            isLowercaseLetterOrDigit(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        guard (3...255).contains(bucket.utf8.count), bucket.utf8.allSatisfy(isAllowed) else {
            return "\"\(bucket)\" is not an S3 bucket name"
        }
        return nil
    }

    /// Why `key` cannot be read, or `nil`.
    private static func problem(withKey key: String) -> String? {
        if key.isEmpty {
            return "the key is empty"
        }
        if key.utf8.count > 1024 {
            return "the key is \(key.utf8.count) bytes long, S3 allows 1024"
        }
        if key.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == "." || $0 == ".." }) {
            return "the key has a \".\" or \"..\" segment, which libcurl would resolve away before sending"
        }
        return nil
    }

    /// Whether `bucket` can be the first label of a host name: 3 to 63 lower-case letters, digits
    /// and `-`, starting and ending with a letter or digit.
    private static func isHostNameLabel(_ bucket: String) -> Bool {
        let bytes = bucket.utf8
        guard (3...63).contains(bytes.count), let first = bytes.first, let last = bytes.last else { return false }
        return isLowercaseLetterOrDigit(first) && isLowercaseLetterOrDigit(last)
            && bytes.allSatisfy { isLowercaseLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
    }

    private static func isLowercaseLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    // MARK: Response

    /// The object or `notModified` from the answer to the `attempt`-th request, or the failure.
    private func interpret(
        _ result: Result<HTTPResponse, HTTPClientError>,
        bucket: String,
        key: String,
        askedIfNoneMatch: Bool,
        maximumSize: Int,
        attempt: Int
    ) throws(S3Error) -> S3GetObjectResult {
        func failure(_ reason: S3Error.Reason) -> S3Error {
            S3Error(reason: reason, bucket: bucket, key: key, attempts: attempt)
        }
        let response: HTTPResponse
        switch result {
        case .success(let value):
            response = value
        case .failure(let error) where error.kind == .responseTooLarge:
            throw failure(.objectTooLarge(maximumSize: maximumSize))
        case .failure(let error):
            throw failure(.transport(error))
        }
        switch response.status {
        case 200:
            guard let etag = response.headers["ETag"] else {
                throw failure(.unexpectedResponse(status: 200, problem: "no ETag"))
            }
            return .object(S3Object(body: response.body, etag: etag, contentType: response.headers["Content-Type"]))
        case 304 where askedIfNoneMatch:
            return .notModified
        case 304:
            throw failure(.unexpectedResponse(status: 304, problem: "Not Modified, but no If-None-Match was sent"))
        case 200..<300:
            throw failure(.unexpectedResponse(status: response.status, problem: "GetObject without a Range succeeds with 200 only"))
        default:
            throw failure(.service(S3ErrorResponse(response)))
        }
    }
}
