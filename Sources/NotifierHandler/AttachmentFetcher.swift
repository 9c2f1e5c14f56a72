import AWSCore
import ByteEncoding
import EmailKit
import S3
import WallClock

/// Reads what a message keeps in S3: the content of its `s3` attachments, presigned links for
/// those sent as links, and message bodies left there by the SQS/SNS extended clients.
///
/// Only objects ``AttachmentSources`` lists are read. The objects of one message are read
/// concurrently through ``S3Client/readObjects(_:maxConcurrent:deadline:)`` (the AWS core's one
/// scheduler) in two rounds: `HeadObject` for every reference, so that sizes are known and SES's
/// 40 MB limit (on the whole MIME message, attachments base64-encoded, ``SESLimits``) is
/// checked before anything is downloaded, then `GetObject` for those attached,
/// each capped at the size its head announced.
///
/// A missing object or a refused read is a non-retryable failure naming the attachment;
/// throttling, S3's server errors and lost connections are retried by the core and, if they
/// persist, are a retryable failure.
final class AttachmentFetcher {
    let settings: AttachmentSettings
    private let client: S3Client?

    /// The largest message body the extended clients may leave in S3 that is read: no larger
    /// notification can become an e-mail SES accepts.
    static let maximumPayloadBytes = SESLimits.maximumMessageBytes

    init(settings: AttachmentSettings) {
        self.settings = settings
        client = settings.s3.map(S3Client.init)
    }

    // MARK: Attachments

    /// Problems with `notification`'s S3 references that need no request: a missing bucket, an
    /// object outside ``AttachmentSettings/sources``.
    func referenceErrors(_ notification: Notification, path: FieldPath) -> ValidationError {
        var errors = ValidationError()
        for (index, attachment) in notification.attachments.enumerated() {
            guard let reference = attachment.s3 else { continue }
            let field = path.field("attachments").index(index).field("s3")
            guard let bucket = reference.bucket ?? notification.bucketName else {
                errors.append(field.field("bucket"), .missing, "is required when the message has no bucket_name")
                continue
            }
            if !settings.sources.allows(bucket: bucket, key: reference.key) {
                errors.append(field, .invalidValue, settings.sources.isEmpty
                    ? "attachments from S3 are not enabled (NOTIFIER_ATTACHMENT_SOURCES is empty)"
                    : "s3://\(bucket)/\(reference.key) is not in NOTIFIER_ATTACHMENT_SOURCES")
            }
        }
        return errors
    }

    /// Reads the S3 attachments of `notification` (whose ``referenceErrors(_:path:)`` are none):
    /// fills in the content of those attached and replaces those sent as links by links in the
    /// bodies. `fixedEncodedSize` is what the rest of the message takes of SES's 40 MB.
    func resolve(_ notification: inout Notification, path: FieldPath, fixedEncodedSize: Int, deadline: ContinuousClock.Instant) -> Result<Void, ReadFailure> {
        let references: [(index: Int, read: S3ObjectRead)] = notification.attachments.enumerated().compactMap { index, attachment in
            guard let reference = attachment.s3, let bucket = reference.bucket ?? notification.bucketName else { return nil }
            return (index, S3ObjectRead(bucket: bucket, key: reference.key, versionID: reference.versionID, kind: .metadata))
        }
        guard !references.isEmpty else { return .success(()) }
        guard let client else { preconditionFailure("S3 attachments passed referenceErrors without NOTIFIER_ATTACHMENT_SOURCES") }

        // Round 1: what each object is, and how large.
        var heads: [S3Object] = []
        var failures: [(field: FieldPath, error: AWSServiceError)] = []
        for ((index, _), result) in zip(references, client.readObjects(references.map(\.read), maxConcurrent: settings.maxConcurrentReads, deadline: deadline)) {
            switch result {
            case .success(let head): heads.append(head)
            case .failure(let error): failures.append((path.field("attachments").index(index), error))
            }
        }
        if !failures.isEmpty { return .failure(Self.unavailable(failures)) }

        // Which are attached and whether they fit SES, before anything is downloaded.
        var attached: [(index: Int, read: S3ObjectRead, head: S3Object)] = []
        var links: [AttachmentLink] = []
        var encodedSize = fixedEncodedSize
        for ((index, read), head) in zip(references, heads) {
            let reference = notification.attachments[index].s3
            let size = head.contentLength ?? 0
            if reference?.delivery == .link || settings.attachMaxBytes.map({ size > $0 }) == true {
                links.append(AttachmentLink(index: index, read: read, filename: notification.attachments[index].filename,
                                            expiresIn: min(reference?.linkExpiresIn ?? settings.linkExpiresIn, settings.maximumLinkExpiresIn)))
            } else {
                let cap = head.contentLength ?? SESLimits.maximumMessageBytes
                attached.append((index, S3ObjectRead(bucket: read.bucket, key: read.key, versionID: read.versionID, kind: .content(maximumSize: cap)), head))
                encodedSize += Base64Lines.lineEncodedCount(size)
            }
        }
        // SES's rule, on the MIME message. This estimate only spares a download; the validator
        // checks the message's exact size afterwards.
        if encodedSize > SESLimits.maximumMessageBytes {
            let names = attached.map { "attachments[\($0.index)] (\($0.head.contentLength ?? 0) bytes)" }.joined(separator: ", ")
            return .failure(.invalid(ValidationError(
                path.field("attachments"), .tooLarge,
                "the message would be about \(NotificationValidator.megabytes(encodedSize)) MB as SES counts it (the whole MIME message, attachments base64-encoded) with \(names); SES accepts at most \(NotificationValidator.megabytes(SESLimits.maximumMessageBytes)) MB: send the largest with \"deliver\": \"link\"")))
        }

        // Round 2: the content of those attached.
        for ((index, _, head), result) in zip(attached, client.readObjects(attached.map(\.read), maxConcurrent: settings.maxConcurrentReads, deadline: deadline)) {
            switch result {
            case .success(let object):
                notification.attachments[index].data = object.body
                if notification.attachments[index].s3?.hasContentType == false {
                    notification.attachments[index].contentType = Self.attachableType(head.contentType)
                }
            case .failure(let error):
                failures.append((path.field("attachments").index(index), error))
            }
        }
        if !failures.isEmpty { return .failure(Self.unavailable(failures)) }

        if !links.isEmpty {
            let now = WallClockTime.now()
            var signed: [AttachmentLink.Signed] = []
            for link in links {
                do throws(AWSServiceError) {
                    let url = try client.presignedGetObjectURL(
                        bucket: link.read.bucket, key: link.read.key, versionID: link.read.versionID, expiresIn: link.expiresIn, at: now)
                    signed.append(AttachmentLink.Signed(filename: link.filename, url: url, expires: now + .seconds(link.expiresIn)))
                } catch {
                    return .failure(Self.unavailable([(path.field("attachments").index(link.index), error)]))
                }
            }
            AttachmentLink.insert(signed, into: &notification)
            let linked = Set(links.map(\.index))
            notification.attachments = notification.attachments.enumerated().filter { !linked.contains($0.offset) }.map(\.element)
        }
        return .success(())
    }

    // MARK: Extended-client payloads

    /// The message body an extended client left in S3, read if ``AttachmentSettings/sources``
    /// lists it and it is at most ``maximumPayloadBytes``; `field` names the pointer in errors.
    func payload(_ pointer: ExtendedPayloadPointer, at field: FieldPath, deadline: ContinuousClock.Instant) -> Result<[UInt8], ReadFailure> {
        guard let client, settings.sources.allows(bucket: pointer.bucket, key: pointer.key) else {
            return .failure(.invalid(ValidationError(field, .invalidValue, settings.sources.isEmpty
                ? "the message is stored in S3 (\(pointer.className)), and reading from S3 is not enabled (NOTIFIER_ATTACHMENT_SOURCES is empty)"
                : "the message is stored at s3://\(pointer.bucket)/\(pointer.key), which is not in NOTIFIER_ATTACHMENT_SOURCES")))
        }
        let read = S3ObjectRead(bucket: pointer.bucket, key: pointer.key, kind: .content(maximumSize: Self.maximumPayloadBytes))
        switch client.readObjects([read], maxConcurrent: 1, deadline: deadline)[0] {
        case .success(let object):
            return .success(object.body)
        case .failure(let error) where error.isResponseTooLarge:
            return .failure(.invalid(ValidationError(
                field, .tooLarge, "the message stored at \(read.resource) is larger than \(Self.maximumPayloadBytes) bytes, more than SES sends")))
        case .failure(let error):
            return .failure(Self.unavailable([(field, error)]))
        }
    }

    // MARK: Helpers

    /// The object's `Content-Type` without parameters when it can name an attachment, else
    /// `application/octet-stream`.
    static func attachableType(_ contentType: String?) -> String {
        let type = (contentType ?? "").prefix { $0 != ";" }.trimmingWhitespace().lowercased()
        return MIMEWriter.isAttachableMediaType(type) ? type : "application/octet-stream"
    }

    /// One failure for the reads that failed, naming each; retryable only when every one is.
    private static func unavailable(_ failures: [(field: FieldPath, error: AWSServiceError)]) -> ReadFailure {
        let retryable = failures.allSatisfy { $0.error.isRetryable }
        let first = failures[0].error
        let code = switch first.httpStatus {
        case 404: "AttachmentNotFound"
        case 403: "AttachmentAccessDenied"
        default: first.code
        }
        let message = failures.map { "\($0.field): \($0.error.description)" }.joined(separator: "; ")
        return .unavailable(DeliveryFailure(code: code, message: message, isRetryable: retryable))
    }
}

extension AWSServiceError {
    var isResponseTooLarge: Bool {
        if case .responseTooLarge = reason { true } else { false }
    }
}
