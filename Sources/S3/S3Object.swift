/// An object read from S3: its bytes and the facts needed to cache it.
public struct S3Object: Sendable, Equatable {
    /// The object's content, exactly as stored.
    public var body: [UInt8]
    /// The `ETag` S3 sent, quotes included (`"5d41402abc4b2a76b9719d911017c592"`): pass it back
    /// unchanged as `ifNoneMatch` to revalidate a cached copy.
    public var etag: String
    /// The `Content-Type` stored with the object, when S3 sent one.
    public var contentType: String?
    /// The object's size from `Content-Length`, when S3 sent it: after `HeadObject`, where
    /// ``body`` is empty, the only size there is.
    public var contentLength: Int?

    public init(body: [UInt8], etag: String, contentType: String?, contentLength: Int? = nil) {
        self.body = body
        self.etag = etag
        self.contentType = contentType
        self.contentLength = contentLength
    }
}
