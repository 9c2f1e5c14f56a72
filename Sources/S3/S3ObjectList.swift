/// One page of a bucket's listing, as ``S3Client/listObjectsV2(bucket:prefix:delimiter:continuationToken:maxKeys:deadline:)``
/// read it.
public struct S3ObjectList: Sendable, Equatable {
    /// The keys of the objects listed, as stored (`templates/readme.txt`), in S3's order.
    public var keys: [String]
    /// With a delimiter, the key prefixes up to and including it that stand for the keys below them
    /// (`templates/order-received/` for `/`), in S3's order: a listing's "folders".
    public var commonPrefixes: [String]
    /// Where the next page starts when this one is not the last (`IsTruncated`); pass it back as
    /// `continuationToken`.
    public var nextContinuationToken: String?

    public init(keys: [String], commonPrefixes: [String], nextContinuationToken: String?) {
        self.keys = keys
        self.commonPrefixes = commonPrefixes
        self.nextContinuationToken = nextContinuationToken
    }
}
