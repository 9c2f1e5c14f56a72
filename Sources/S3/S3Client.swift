import AWSCore
import ByteEncoding
import CurlHTTP
import WallClock

extension AWSService {
    /// Amazon S3: signs as `s3`, the path as sent, with `x-amz-content-sha256`.
    public static let s3 = AWSService(name: "S3", signingName: "s3", endpointPrefix: "s3", endpointVariableSuffix: "S3")
}

/// Reads objects from S3 with `GetObject` (with ETag revalidation) and `HeadObject`, lists them with
/// `ListObjectsV2`, and presigns `GetObject` URLs.
///
/// The client blocks the calling thread like the rest of the stack and owns an ``AWSClient`` (and
/// its kept-alive connections), which is not thread-safe: give each thread its own client.
public final class S3Client {
    /// What ``getObject(bucket:key:ifNoneMatch:maximumSize:deadline:)`` reads at most unless told
    /// otherwise: 1 MiB, plenty for an e-mail template.
    public static let defaultMaximumObjectSize = 1 << 20
    /// The most a listing page is read: S3 lists at most 1,000 entries a page, each well under 4 KiB.
    public static let maximumListPageSize = 4 << 20

    private let client: AWSClient

    /// A client for S3 as `configuration` says (its ``AWSClientConfiguration/service`` should be ``AWSService/s3``).
    public init(configuration: AWSClientConfiguration) {
        client = AWSClient(configuration: configuration)
    }

    public var configuration: AWSClientConfiguration { client.configuration }

    /// Reads the object `key` of `bucket`, or learns that it has not changed.
    ///
    /// - `key` is the object's name as stored, not URL-encoded (`templates/ü n/subject.mustache`);
    ///   it is percent-encoded once, as S3 expects. Keys with a `.` or `..` segment are refused,
    ///   as libcurl would resolve them before sending.
    /// - With `ifNoneMatch`, an ETag from an earlier ``S3Object/etag``, the answer is
    ///   ``S3GetObjectResult/notModified`` while the object still has that ETag.
    /// - An object over `maximumSize` bytes fails with ``AWSServiceError/Reason/responseTooLarge(maximumSize:)``
    ///   once its `Content-Length` (or that many bytes) has arrived; no more is buffered.
    ///
    /// S3's internal errors, throttling and connection failures (a lost answer too: reading is
    /// idempotent) are retried by ``AWSClient`` while attempts remain and a retry still fits before
    /// `deadline`. Other failures (no such key or bucket, access denied, a refused signature) are
    /// thrown at once.
    public func getObject(
        bucket: String,
        key: String,
        ifNoneMatch etag: String? = nil,
        maximumSize: Int = S3Client.defaultMaximumObjectSize,
        deadline: ContinuousClock.Instant
    ) throws(AWSServiceError) -> S3GetObjectResult {
        let request = try getObjectRequest(bucket: bucket, key: key, ifNoneMatch: etag, maximumSize: maximumSize)
        let response = try client.send(request, deadline: deadline)
        return try interpret(response, request: request, askedIfNoneMatch: etag != nil)
    }

    /// Reads several objects (or their metadata) concurrently, at most `maxConcurrent` at once,
    /// through the one scheduler of ``AWSClient/send(_:maxConcurrent:deadline:)``: one result per
    /// read, in order, each failing on its own as ``getObject(bucket:key:ifNoneMatch:maximumSize:deadline:)``
    /// describes. A `HeadObject` result has an empty ``S3Object/body`` and the size in
    /// ``S3Object/contentLength``.
    public func readObjects(_ reads: [S3ObjectRead], maxConcurrent: Int, deadline: ContinuousClock.Instant) -> [Result<S3Object, AWSServiceError>] {
        let requests = reads.map { read in Result { () throws(AWSServiceError) in try objectRequest(read, ifNoneMatch: nil) } }
        var answers = client.send(requests.compactMap { try? $0.get() }, maxConcurrent: maxConcurrent, deadline: deadline).makeIterator()
        return requests.map { request in
            switch request {
            case .failure(let refusal):
                return .failure(refusal)
            case .success(let request):
                guard let answer = answers.next() else { preconditionFailure("AWSClient answered fewer calls than it was given") }
                return answer.flatMap { response in
                    Result { () throws(AWSServiceError) in
                        guard case .object(let object) = try interpret(response, request: request, askedIfNoneMatch: false) else {
                            preconditionFailure("an unconditional read answered notModified")
                        }
                        return object
                    }
                }
            }
        }
    }

    /// One page of the keys in `bucket` that start with `prefix` (`ListObjectsV2`), at most
    /// `maxKeys` entries (1 to 1,000, keys and common prefixes together).
    ///
    /// With a `delimiter` (`/`), keys that have it after `prefix` are rolled up into one
    /// ``S3ObjectList/commonPrefixes`` entry each: the "folders" under `prefix`. A page that is not
    /// the last has a ``S3ObjectList/nextContinuationToken``; pass it as `continuationToken` for the
    /// next one. Listing needs `s3:ListBucket` on the bucket (with an `s3:prefix` condition, for
    /// this prefix). Retried as ``getObject(bucket:key:ifNoneMatch:maximumSize:deadline:)`` is; an
    /// answer over ``maximumListPageSize`` bytes fails.
    public func listObjectsV2(
        bucket: String, prefix: String = "", delimiter: String? = nil, continuationToken: String? = nil, maxKeys: Int = 1_000,
        deadline: ContinuousClock.Instant
    ) throws(AWSServiceError) -> S3ObjectList {
        let request = try listObjectsV2Request(bucket: bucket, prefix: prefix, delimiter: delimiter, continuationToken: continuationToken, maxKeys: maxKeys)
        let response = try client.send(request, deadline: deadline)
        let body = response.http.body[...]
        let isTruncated = AWSXML.element("IsTruncated", in: body) == "true"
        let token = AWSXML.element("NextContinuationToken", in: body)
        guard response.http.status == 200, AWSXML.element("Name", in: body) != nil, !isTruncated || token != nil else {
            throw AWSServiceError(service: AWSService.s3.name, operation: request.operation, resource: request.resource,
                                  reason: .unexpectedResponse(status: response.http.status, problem: "not a ListBucketResult, or truncated without a NextContinuationToken"),
                                  attempts: response.attempts)
        }
        // Keys and prefixes exactly as stored: a key may begin or end with a space.
        func each(_ element: String, in container: String) -> [String] {
            AWSXML.contents(of: container, in: body).compactMap { AWSXML.contents(of: element, in: $0, limit: 1).first.map(AWSXML.decoded) }
        }
        return S3ObjectList(keys: each("Key", in: "Contents"), commonPrefixes: each("Prefix", in: "CommonPrefixes"),
                            nextContinuationToken: isTruncated ? token : nil)
    }

    /// A URL anyone can `GET` the object with, without credentials, for `expiresIn` seconds
    /// after `date` (SigV4 query signing; see ``SigV4Signer/presignedURL(method:url:expiresIn:at:)``).
    ///
    /// With temporary credentials (a Lambda role's) the URL stops working when they expire, even
    /// before `expiresIn`: the caller decides how long to ask for. `expiresIn` outside
    /// `1...604800` (7 days, SigV4's limit) and keys ``getObject(bucket:key:ifNoneMatch:maximumSize:deadline:)``
    /// refuses are refused here too.
    public func presignedGetObjectURL(
        bucket: String, key: String, versionID: String? = nil, expiresIn: Int, at date: WallClockTime
    ) throws(AWSServiceError) -> String {
        let read = S3ObjectRead(bucket: bucket, key: key, versionID: versionID, kind: .metadata)
        let request = try objectRequest(read, ifNoneMatch: nil)
        guard (1...SigV4Signer.maximumPresignedExpiry).contains(expiresIn) else {
            throw refusal(operation: "GetObject", resource: read.resource,
                          problem: "a presigned URL expires after 1 to \(SigV4Signer.maximumPresignedExpiry) seconds, not \(expiresIn)")
        }
        let signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: configuration.service.signingName)
        do {
            return try signer.presignedURL(url: request.http.url, expiresIn: expiresIn, at: date)
        } catch {
            throw refusal(operation: "GetObject", resource: read.resource, problem: error.description)
        }
    }

    // MARK: Request

    /// The `GetObject` call for `key` in `bucket`, or a refusal when it cannot be sent.
    func getObjectRequest(bucket: String, key: String, ifNoneMatch etag: String?, maximumSize: Int) throws(AWSServiceError) -> AWSRequest {
        try objectRequest(S3ObjectRead(bucket: bucket, key: key, kind: .content(maximumSize: maximumSize)), ifNoneMatch: etag)
    }

    /// The `ListObjectsV2` call for one page, or a refusal when it cannot be sent.
    func listObjectsV2Request(bucket: String, prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int) throws(AWSServiceError) -> AWSRequest {
        let resource = "s3://\(bucket)/\(prefix)"
        func refused(_ problem: String) -> AWSServiceError {
            refusal(operation: "ListObjectsV2", resource: resource, problem: problem)
        }
        if let problem = Self.problem(withBucket: bucket) { throw refused(problem) }
        guard prefix.utf8.count <= 1024 else { throw refused("the prefix is \(prefix.utf8.count) bytes long, S3 keys have at most 1024") }
        guard (1...1_000).contains(maxKeys) else { throw refused("maxKeys \(maxKeys) is not within 1...1000") }
        // The bucket itself: path-style `/bucket/`, or `/` at the bucket's own host.
        let url = objectURL(bucket: bucket, key: "")
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw refused("the endpoint \"\(configuration.endpoint)\" is not an http(s) URL")
        }
        var query = [("list-type", "2"), ("max-keys", String(maxKeys))]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        let encoded = query.map { "\($0)=" + PercentEncoding.encoded($1.utf8, keepingSlashes: false) }.joined(separator: "&")
        return .restXML(operation: "ListObjectsV2", method: .get, url: url + "?" + encoded, isIdempotent: true, resource: resource,
                        maximumResponseSize: Self.maximumListPageSize)
    }

    /// The `GetObject` or `HeadObject` call `read` asks for, or a refusal when it cannot be sent.
    func objectRequest(_ read: S3ObjectRead, ifNoneMatch etag: String?) throws(AWSServiceError) -> AWSRequest {
        let operation = read.kind == .metadata ? "HeadObject" : "GetObject"
        func refused(_ problem: String) -> AWSServiceError {
            refusal(operation: operation, resource: read.resource, problem: problem)
        }
        if let problem = Self.problem(withBucket: read.bucket) ?? Self.problem(withKey: read.key) { throw refused(problem) }
        let maximumSize: Int
        switch read.kind {
        case .content(let size):
            guard size >= 0 else { throw refused("maximumSize \(size) is negative") }
            maximumSize = size
        case .metadata:
            maximumSize = 0
        }
        var url = objectURL(bucket: read.bucket, key: read.key)
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw refused("the endpoint \"\(configuration.endpoint)\" is not an http(s) URL")
        }
        if let versionID = read.versionID {
            guard !versionID.isEmpty else { throw refused("the versionId is empty") }
            url += "?versionId=" + PercentEncoding.encoded(versionID.utf8, keepingSlashes: false)
        }

        var headers = HTTPHeaders()
        if let etag {
            // A line break would end the header field and let the value inject others.
            guard !etag.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
                throw refused("the If-None-Match value contains a control character")
            }
            headers.add(name: "If-None-Match", value: etag)
        }
        return .restXML(operation: operation, method: read.kind == .metadata ? .head : .get, url: url, headers: headers,
                        isIdempotent: true, resource: read.resource, maximumResponseSize: maximumSize)
    }

    private func refusal(operation: String, resource: String, problem: String) -> AWSServiceError {
        AWSServiceError(service: AWSService.s3.name, operation: operation, resource: resource,
                        reason: .refusedBeforeSending(code: "InvalidRequest", problem: problem), attempts: 0)
    }

    /// Path-style under a custom endpoint; at AWS virtual-hosted style when the bucket name can be
    /// a host name label, else path-style (as the AWS SDKs do, e.g. for names with dots, which the
    /// `*.s3` certificate does not cover).
    func objectURL(bucket: String, key: String) -> String {
        // S3 signs the path as sent: each key byte outside the unreserved set is encoded exactly once.
        let path = PercentEncoding.encoded(key.utf8, keepingSlashes: true)
        if configuration.isCustomEndpoint {
            return "\(configuration.endpoint)/\(bucket)/\(path)"
        }
        if Self.isHostNameLabel(bucket) {
            // AWS's endpoints are https: `https://s3.eu-west-1.amazonaws.com` → `https://bucket.s3.eu-west-1.amazonaws.com`.
            return "https://\(bucket).\(configuration.endpoint.dropFirst("https://".count))/\(path)"
        }
        return "\(configuration.endpoint)/\(bucket)/\(path)"
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

    /// The object or `notModified` from S3's successful answer, or the failure.
    private func interpret(_ response: AWSResponse, request: AWSRequest, askedIfNoneMatch: Bool) throws(AWSServiceError) -> S3GetObjectResult {
        func unexpected(_ problem: String) -> AWSServiceError {
            AWSServiceError(service: AWSService.s3.name, operation: request.operation, resource: request.resource,
                            reason: .unexpectedResponse(status: response.http.status, problem: problem), attempts: response.attempts)
        }
        switch response.http.status {
        case 200:
            guard let etag = response.http.headers["ETag"] else { throw unexpected("no ETag") }
            return .object(S3Object(body: response.http.body, etag: etag, contentType: response.http.headers["Content-Type"],
                                    contentLength: response.http.headers["Content-Length"].flatMap { Int($0) }))
        case 304 where askedIfNoneMatch:
            return .notModified
        default:
            throw unexpected("GetObject without a Range succeeds with 200 only")
        }
    }
}
