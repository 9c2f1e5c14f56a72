import CurlHTTP
import Synchronization
import WallClock

/// Signs HTTP requests with AWS Signature Version 4 for one service in one region.
///
/// The signature covers the method, the path and query exactly as in the request URL, every header
/// field of the request (except hop-by-hop fields such as `User-Agent` and `Expect` that proxies and
/// libcurl may change), and the SHA-256 of exactly the body bytes. So sign last, after every header
/// that should be signed is set, and send the request unchanged.
///
/// For every service but S3 the path is normalised (dot segments resolved, `//` collapsed) and the
/// sent, already percent-encoded path is percent-encoded once more; for `s3` it is signed as sent
/// and `x-amz-content-sha256` is added, as S3 requires.
///
/// The derived signing key is cached for the current UTC date, so a warm signer costs one HMAC
/// per request instead of five. The signer is safe to share between threads.
public final class SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    /// The signing name of the service, e.g. `ses` for SES v2 or `s3`.
    public let service: String

    let pathRule: CanonicalRequest.PathRule
    private let signingKeyCache = Mutex<SigningKey?>(nil)

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
        pathRule = service == "s3" ? .asSent : .normalizedAndEncodedTwice
    }

    /// Adds the SigV4 header fields to `request`, signed as of `date`, and returns what was signed.
    ///
    /// Fields added, each replacing one of the same name:
    /// - `Host`, unless the request sets one: the URL's host, lower-cased, with the port only when
    ///   it is not the scheme's default, so what is signed is what libcurl sends;
    /// - `X-Amz-Date`: `date` as `yyyyMMdd'T'HHmmss'Z'` in UTC;
    /// - `X-Amz-Security-Token` when the credentials have a session token;
    /// - `x-amz-content-sha256` for S3: the body's SHA-256 in hex;
    /// - `Authorization`.
    ///
    /// Throws ``SigV4Error/invalidURL(_:)`` when the URL is not an absolute `http`/`https` URL with a host.
    @discardableResult
    public func sign(_ request: inout HTTPRequest, at date: WallClockTime) throws(SigV4Error) -> SigV4Signature {
        guard let target = RequestTarget(url: request.url) else { throw .invalidURL(request.url) }
        let timestamp = SigV4Timestamp(date)
        let payloadHash = Digest.sha256(request.body).lowercaseHex

        if request.headers["host"] == nil {
            request.headers.add(name: "Host", value: target.host)
        }
        request.headers.replaceOrAdd(name: "X-Amz-Date", value: timestamp.dateTime)
        if let sessionToken = credentials.sessionToken {
            request.headers.replaceOrAdd(name: "X-Amz-Security-Token", value: sessionToken)
        }
        if pathRule == .asSent {
            request.headers.replaceOrAdd(name: "x-amz-content-sha256", value: payloadHash)
        }

        let canonicalRequest = CanonicalRequest(
            method: request.method.rawValue,
            target: target,
            headers: request.headers,
            payloadHash: payloadHash,
            pathRule: pathRule
        )
        let scope = "\(timestamp.date)/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(timestamp.dateTime)\n\(scope)\n\(Digest.sha256(canonicalRequest.text).lowercaseHex)"
        let signature = Digest.hmacSHA256(key: signingKey(for: timestamp.date), message: stringToSign).lowercaseHex
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(canonicalRequest.signedHeaders), Signature=\(signature)"
        request.headers.replaceOrAdd(name: "Authorization", value: authorization)

        return SigV4Signature(
            canonicalRequest: canonicalRequest.text,
            stringToSign: stringToSign,
            signedHeaders: canonicalRequest.signedHeaders,
            signature: signature,
            authorization: authorization
        )
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    func signingKey(for date: String) -> [UInt8] {
        if let cached = signingKeyCache.withLock({ $0 }), cached.date == date {
            return cached.key
        }
        var key = Array("AWS4\(credentials.secretAccessKey)".utf8)
        for part in [date, region, service, "aws4_request"] {
            key = Digest.hmacSHA256(key: key, message: part)
        }
        signingKeyCache.withLock { $0 = SigningKey(date: date, key: key) }
        return key
    }

    private struct SigningKey: Sendable {
        var date: String
        var key: [UInt8]
    }
}
