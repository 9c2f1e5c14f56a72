/// One object to read in ``S3Client/readObjects(_:maxConcurrent:deadline:)``: which, and whether
/// its content or only its metadata.
public struct S3ObjectRead: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `GetObject`, failing with ``AWSServiceError/Reason/responseTooLarge(maximumSize:)`` as soon
        /// as the `Content-Length` (or that many bytes) says the object is larger than `maximumSize`.
        case content(maximumSize: Int)
        /// `HeadObject`: that the object exists and is readable, its type and size; no body.
        case metadata
    }

    public var bucket: String
    /// The key as stored, not URL-encoded.
    public var key: String
    /// A version of a versioned bucket's object; `nil` reads the current one.
    public var versionID: String?
    public var kind: Kind

    public init(bucket: String, key: String, versionID: String? = nil, kind: Kind) {
        self.bucket = bucket
        self.key = key
        self.versionID = versionID
        self.kind = kind
    }

    /// `s3://bucket/key`, with `?versionId=` when given: how errors and logs name the object.
    public var resource: String {
        "s3://\(bucket)/\(key)" + (versionID.map { "?versionId=\($0)" } ?? "")
    }
}
