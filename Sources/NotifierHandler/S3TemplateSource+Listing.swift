import AWSCore
import S3

extension S3TemplateSource {
    /// The folders directly under the prefix (templates, `partials`, `locales`), sorted: the
    /// common prefixes of `ListObjectsV2` with the delimiter `/`.
    ///
    /// A listing is asked for when a route or event is not known by name, which anyone can cause
    /// at will; so one listing (or its failure) is used for ``listingInterval`` without asking S3
    /// again, and it is at most ``maximumListPages`` pages of at most ``maximumFolders`` folders:
    /// past that the store is refused as having too many, rather than listed in part.
    func folderNames(deadline: ContinuousClock.Instant) throws(TemplateSourceError) -> [String]? {
        let now = ContinuousClock.now
        if let listing, listing.listedAt.duration(to: now) < Self.listingInterval {
            return try listing.folders.get()
        }
        let folders = Result { () throws(TemplateSourceError) in try listFolders(deadline: deadline) }
        listing = Listing(folders: folders, listedAt: now)
        return try folders.get()
    }

    private func listFolders(deadline: ContinuousClock.Instant) throws(TemplateSourceError) -> [String] {
        var folders: [String] = []
        var token: String?
        for _ in 0..<Self.maximumListPages {
            let page: S3ObjectList
            do {
                page = try client.listObjectsV2(bucket: bucket, prefix: prefix, delimiter: "/", continuationToken: token, deadline: deadline)
            } catch {
                throw TemplateSourceError(path: location, code: error.templateSourceCode, message: error.description, isRetryable: error.isRetryable)
            }
            for common in page.commonPrefixes where common.hasPrefix(prefix) && common.hasSuffix("/") {
                folders.append(String(common.dropFirst(prefix.count).dropLast()))
            }
            guard folders.count <= Self.maximumFolders else { break }
            token = page.nextContinuationToken
            if token == nil { return folders.sorted() }
        }
        throw TemplateSourceError(
            path: location, code: "TooManyTemplateFolders",
            message: "more than \(Self.maximumFolders) folders, or \(Self.maximumListPages) pages of keys, under the prefix: not listed",
            isRetryable: false)
    }
}
