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
