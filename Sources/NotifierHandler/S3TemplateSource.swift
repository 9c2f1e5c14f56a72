import AWSCore
import S3

/// Templates in an S3 bucket (`NOTIFIER_TEMPLATE_BUCKET`, under `NOTIFIER_TEMPLATE_PREFIX`),
/// fetched with a signed `GetObject` and kept across warm invocations.
///
/// A kept file is used without asking S3 until it is `refreshInterval` old; then S3 is asked
/// with `If-None-Match` and answers `304 Not Modified` (nothing sent, the file stays) or the new
/// version. Files S3 does not have are remembered as missing for the same interval.
final class S3TemplateSource: TemplateSource {
    let bucket: String
    let prefix: String
    let refreshInterval: Duration
    private let client: S3Client
    private var cache: [String: CachedFile] = [:]

    private struct CachedFile {
        /// `nil` when S3 had no such key.
        var text: String?
        var etag: String?
        var checkedAt: ContinuousClock.Instant
    }

    init(client: S3Client, bucket: String, prefix: String, refreshInterval: Duration) {
        self.client = client
        self.bucket = bucket
        self.prefix = prefix
        self.refreshInterval = refreshInterval
    }

    var location: String { "s3://\(bucket)/\(prefix)" }

    func file(at path: String, deadline: ContinuousClock.Instant) throws(TemplateSourceError) -> String? {
        let now = ContinuousClock.now
        if let cached = cache[path], cached.checkedAt.duration(to: now) < refreshInterval {
            return cached.text
        }
        let result: S3GetObjectResult
        do {
            result = try client.getObject(bucket: bucket, key: prefix + path, ifNoneMatch: cache[path]?.etag, deadline: deadline)
        } catch {
            guard error.code == "NoSuchKey" else {
                throw TemplateSourceError(path: location + path, code: error.templateSourceCode, message: error.description, isRetryable: error.isRetryable)
            }
            cache[path] = CachedFile(text: nil, etag: nil, checkedAt: now)
            return nil
        }
        switch result {
        case .notModified:
            cache[path]?.checkedAt = now
        case .object(let object):
            guard let text = String(validating: object.body, as: UTF8.self) else {
                throw TemplateSourceError(path: location + path, code: "ReadFailed", message: "not UTF-8 text", isRetryable: false)
            }
            cache[path] = CachedFile(text: text, etag: object.etag, checkedAt: now)
        }
        return cache[path]?.text
    }
}

extension AWSServiceError {
    /// S3's own code, or ours for failures S3 did not name.
    var templateSourceCode: String {
        switch reason {
        case .responseTooLarge: "TemplateTooLarge"
        case .refusedBeforeSending: "InvalidTemplateKey"
        case .service, .transport, .unexpectedResponse, .deadlinePassed: code
        }
    }
}
