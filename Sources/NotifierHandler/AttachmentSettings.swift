import AWSCore

/// How attachments and message bodies stored in S3 are read, and when a link replaces an attachment.
struct AttachmentSettings: Sendable {
    /// `NOTIFIER_ATTACHMENT_SOURCES`; empty (the default) refuses every S3 reference.
    var sources: AttachmentSources
    /// How to reach S3; `nil` when there are no sources.
    var s3: AWSClientConfiguration?
    /// `NOTIFIER_ATTACH_MAX_BYTES`: an S3 attachment larger than this goes out as a link; `nil` attaches any that fits SES.
    var attachMaxBytes: Int?
    /// `NOTIFIER_LINK_EXPIRES_SECONDS`: how long a link works when the message does not say.
    var linkExpiresIn: Int
    /// Objects of one message read at once.
    var maxConcurrentReads: Int

    static let defaultLinkExpiresIn = 3600
    /// The longest a link may be asked to work when the function signs with temporary credentials
    /// (a session token, as every Lambda role has). Such a URL stops working when the session that
    /// signed it ends, and the function is not told when that is: the cap keeps the promise short.
    static let temporaryCredentialsLinkLimit = 3600

    static let none = AttachmentSettings(sources: AttachmentSources(entries: []), s3: nil, attachMaxBytes: nil,
                                         linkExpiresIn: defaultLinkExpiresIn, maxConcurrentReads: 8)

    /// The longest expiry a link may have with these credentials: 7 days with long-term keys,
    /// ``temporaryCredentialsLinkLimit`` with temporary ones.
    var maximumLinkExpiresIn: Int {
        s3?.credentials.sessionToken == nil ? SigV4Signer.maximumPresignedExpiry : Self.temporaryCredentialsLinkLimit
    }
}
