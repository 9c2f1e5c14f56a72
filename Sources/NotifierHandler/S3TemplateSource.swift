import AWSCore
import S3

/// Templates in an S3 bucket (`NOTIFIER_TEMPLATE_BUCKET`, under `NOTIFIER_TEMPLATE_PREFIX`),
/// fetched with a signed `GetObject` and kept across warm invocations.
///
/// A kept file is used without asking S3 until it is `refreshInterval` old; then S3 is asked
/// with `If-None-Match` and answers `304 Not Modified` (nothing sent, the file stays) or the new
/// version. At most ``maximumFiles`` files of ``maximumFileSize`` bytes each, ``maximumBytes`` in
/// all, are kept.
///
/// Template names come from the messages, so a sender can ask for any number of names S3 does not
/// have. Such a miss is remembered for ``missInterval`` at most (``maximumMisses`` of them), and
/// at most ``missBudget`` misses are looked up per ``missWindow``: past that, a file not kept is
/// reported unavailable (retryable) without asking S3, so the requests such a flood costs stay
/// bounded while the templates already kept are served as usual. The folder listing is kept
/// likewise (`S3TemplateSource+Listing.swift`).
final class S3TemplateSource: TemplateSource {
    static let maximumFiles = 256
    static let maximumFileSize = 1 << 20
    static let maximumBytes = 16 << 20
    static let maximumMisses = 1_024
    static let missInterval = Duration.seconds(60)
    static let missBudget = 100
    static let missWindow = Duration.seconds(60)
    static let listingInterval = Duration.seconds(10)
    static let maximumFolders = 1_000
    static let maximumListPages = 10

    let bucket: String
    let prefix: String
    let refreshInterval: Duration
    let client: S3Client
    private var files = BoundedCache<CachedFile>(maximumCount: maximumFiles, maximumCost: maximumBytes)
    /// When S3 last said it had no such key, by path.
    private var misses = BoundedCache<ContinuousClock.Instant>(maximumCount: maximumMisses, maximumCost: maximumMisses)
    private var missWindowStart: ContinuousClock.Instant?
    private var missesInWindow = 0
    /// The last folder listing, or why it failed, and when it was asked for.
    var listing: Listing?

    struct Listing {
        var folders: Result<[String], TemplateSourceError>
        var listedAt: ContinuousClock.Instant
    }

    private struct CachedFile {
        var text: String
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

    /// How many files and misses are kept, for tests of the bounds.
    var keptCounts: (files: Int, misses: Int) { (files.count, misses.count) }

    func file(at path: String, deadline: ContinuousClock.Instant) throws(TemplateSourceError) -> String? {
        let now = ContinuousClock.now
        let cached = files[path]
        if let cached, cached.checkedAt.duration(to: now) < refreshInterval {
            return cached.text
        }
        if cached == nil {
            if let missed = misses[path], missed.duration(to: now) < min(refreshInterval, Self.missInterval) {
                return nil
            }
            if let start = missWindowStart, start.duration(to: now) < Self.missWindow, missesInWindow >= Self.missBudget {
                throw TemplateSourceError(
                    path: location + path, code: "TooManyUnknownTemplates",
                    message: "S3 was asked for \(Self.missBudget) files it does not have within \(Self.missWindow); files not yet kept are looked up again after that",
                    isRetryable: true)
            }
        }
        let result: S3GetObjectResult
        do {
            result = try client.getObject(bucket: bucket, key: prefix + path, ifNoneMatch: cached?.etag, maximumSize: Self.maximumFileSize, deadline: deadline)
        } catch {
            guard error.code == "NoSuchKey" else {
                throw TemplateSourceError(path: location + path, code: error.templateSourceCode, message: error.description, isRetryable: error.isRetryable)
            }
            files.removeValue(for: path)
            countMiss(at: now)
            misses.store(now, for: path, cost: 1)
            return nil
        }
        switch result {
        case .notModified:
            files.update(path) { $0.checkedAt = now }
            return cached?.text
        case .object(let object):
            guard let text = String(validating: object.body, as: UTF8.self) else {
                throw TemplateSourceError(path: location + path, code: "ReadFailed", message: "not UTF-8 text", isRetryable: false)
            }
            misses.removeValue(for: path)
            files.store(CachedFile(text: text, etag: object.etag, checkedAt: now), for: path, cost: text.utf8.count)
            return text
        }
    }

    private func countMiss(at now: ContinuousClock.Instant) {
        if let start = missWindowStart, start.duration(to: now) < Self.missWindow {
            missesInWindow += 1
        } else {
            missWindowStart = now
            missesInWindow = 1
        }
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
