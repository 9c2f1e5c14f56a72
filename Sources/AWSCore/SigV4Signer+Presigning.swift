import ByteEncoding
import CurlHTTP
import WallClock

extension SigV4Signer {
    /// The longest `expiresIn` SigV4 query signing allows: 7 days.
    public static let maximumPresignedExpiry = 604_800

    /// `url` signed in its query string (a "presigned URL"), so that whoever holds it can make
    /// that one request without credentials until `expiresIn` seconds after `date`.
    ///
    /// The URL is written as botocore's `generate_presigned_url` writes it: the URL's own query
    /// first (kept as given, so encode it once), then `X-Amz-Algorithm`, `X-Amz-Credential`,
    /// `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders` (`host`, the only signed field) and,
    /// with temporary credentials, `X-Amz-Security-Token`, percent-encoded the SigV4 way, and last
    /// `X-Amz-Signature`. The payload is signed as `UNSIGNED-PAYLOAD`, as S3 expects.
    ///
    /// A URL signed with temporary credentials stops working when they expire, whatever
    /// `expiresIn` says; `expiresIn` should be in `1...`` ``maximumPresignedExpiry``, as S3
    /// refuses other values.
    ///
    /// Throws ``SigV4Error/invalidURL(_:)`` when `url` is not an absolute `http`/`https` URL with a host.
    public func presignedURL(
        method: HTTPRequest.Method = .get, url: String, expiresIn: Int, at date: WallClockTime
    ) throws(SigV4Error) -> String {
        guard let target = RequestTarget(url: url) else { throw .invalidURL(url) }
        let timestamp = SigV4Timestamp(date)
        let scope = "\(timestamp.date)/\(region)/\(service)/aws4_request"

        var parameters: [(name: String, value: String)] = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"),
            ("X-Amz-Date", timestamp.dateTime),
            ("X-Amz-Expires", String(expiresIn)),
            ("X-Amz-SignedHeaders", "host"),
        ]
        if let sessionToken = credentials.sessionToken {
            parameters.append(("X-Amz-Security-Token", sessionToken))
        }
        var query = target.query.isEmpty ? "" : target.query + "&"
        for (index, parameter) in parameters.enumerated() {
            if index > 0 { query += "&" }
            query += PercentEncoding.encoded(parameter.name.utf8, keepingSlashes: false)
            query += "="
            query += PercentEncoding.encoded(parameter.value.utf8, keepingSlashes: false)
        }

        var signedTarget = target
        signedTarget.query = Substring(query)
        let canonicalRequest = CanonicalRequest(
            method: method.rawValue, target: signedTarget, headers: ["host": target.host],
            payloadHash: "UNSIGNED-PAYLOAD", pathRule: pathRule)
        let stringToSign = "AWS4-HMAC-SHA256\n\(timestamp.dateTime)\n\(scope)\n\(Digest.sha256(canonicalRequest.text).lowercaseHex)"
        let signature = Digest.hmacSHA256(key: signingKey(for: timestamp.date), message: stringToSign).lowercaseHex

        let base = url.utf8.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }.map { url[..<$0] } ?? url[...]
        return "\(base)?\(query)&X-Amz-Signature=\(signature)"
    }
}
