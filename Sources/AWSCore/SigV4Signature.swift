/// What ``SigV4Signer`` signed, for logs and for comparing with AWS's own view when it answers
/// `SignatureDoesNotMatch`.
public struct SigV4Signature: Sendable, Equatable {
    public var canonicalRequest: String
    public var stringToSign: String
    /// Lower-cased names of the signed header fields, sorted, joined with `;`.
    public var signedHeaders: String
    /// The signature, 64 lowercase hex digits.
    public var signature: String
    /// The full `Authorization` header value.
    public var authorization: String
}

extension SigV4Signature: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The signed header names and the string to sign; the canonical request's
    /// `x-amz-security-token` value and the signature are redacted, as they let a reader act as
    /// the credentials until they expire.
    public var description: String {
        "SigV4Signature(signedHeaders: \(signedHeaders), stringToSign: \(stringToSign.debugDescription), "
            + "canonicalRequest: \(redactedCanonicalRequest.debugDescription), signature: <redacted>)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "canonicalRequest": redactedCanonicalRequest,
            "stringToSign": stringToSign,
            "signedHeaders": signedHeaders,
            "signature": "<redacted>",
            "authorization": "<redacted>",
        ])
    }

    /// ``canonicalRequest`` with the value of its `x-amz-security-token` line replaced.
    private var redactedCanonicalRequest: String {
        canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("x-amz-security-token:") ? "x-amz-security-token:<redacted>" : String(line)
        }.joined(separator: "\n")
    }
}
