/// What ``S3Client/getObject(bucket:key:ifNoneMatch:maximumSize:deadline:)`` found.
public enum S3GetObjectResult: Sendable, Equatable {
    /// The object, read in full.
    case object(S3Object)
    /// The object still has the `ETag` given as `ifNoneMatch` (S3 answered `304 Not Modified`):
    /// the cached copy is current, and no body was sent.
    case notModified
}
