/// The S3 objects attachments and extended-client payloads may be read from
/// (`NOTIFIER_ATTACHMENT_SOURCES`): the notifier must not become a way to mail out any object its
/// role can read.
///
/// The list is comma-separated; each entry is a bucket, all of it (`acube-invoices` or
/// `acube-invoices/`), or a key prefix in a bucket (`acube-invoices/2026/`), matched byte for byte.
/// The deployment grants `s3:GetObject` on exactly these (`arn:aws:s3:::<entry>*`, an entry
/// without `/` counting as `<bucket>/`).
struct AttachmentSources: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var bucket: String
        /// Empty for the whole bucket.
        var keyPrefix: String
    }

    private(set) var entries: [Entry]

    init(entries: [Entry]) {
        self.entries = entries
    }

    /// Parses the comma-separated list; each problem is named by its position.
    init(list: String) throws(ConfigurationError) {
        var entries: [Entry] = []
        for (index, rawEntry) in list.split(separator: ",").enumerated() {
            let entry = rawEntry.trimmingWhitespace()
            if entry.isEmpty { continue }
            let bucket = String(entry.prefix { $0 != "/" })
            let keyPrefix = String(entry.dropFirst(bucket.count).dropFirst())
            guard Self.isBucketName(bucket), !entry.contains("*") else {
                throw ConfigurationError(variable: "NOTIFIER_ATTACHMENT_SOURCES",
                                         problem: "entry \(index + 1) '\(entry)' is not 'bucket' or 'bucket/key-prefix' (S3 bucket names are 3-63 lower-case letters, digits, '.' and '-'; no '*')")
            }
            entries.append(Entry(bucket: bucket, keyPrefix: keyPrefix))
        }
        self.init(entries: entries)
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Whether `key` of `bucket` is in one of the entries.
    func allows(bucket: String, key: String) -> Bool {
        entries.contains { $0.bucket == bucket && key.utf8.starts(with: $0.keyPrefix.utf8) }
    }

    private static func isBucketName(_ name: String) -> Bool {
        let bytes = name.utf8
        guard (3...63).contains(bytes.count), let first = bytes.first, let last = bytes.last else { return false }
        func isLetterOrDigit(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        return isLetterOrDigit(first) && isLetterOrDigit(last)
            && bytes.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }
}
