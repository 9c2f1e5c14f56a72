extension S3TemplateSource {
    /// S3 templates are found by name only: listing would need `ListObjectsV2`, which the S3
    /// client does not have yet.
    func folderNames(deadline: ContinuousClock.Instant) throws(TemplateSourceError) -> [String]? {
        nil
    }
}
