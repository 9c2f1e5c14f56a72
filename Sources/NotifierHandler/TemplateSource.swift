/// Where e-mail templates are kept: the folder packaged with the function, or an S3 bucket.
///
/// Paths are relative and built by ``TemplateLibrary`` from checked names only:
/// `order-received/html.mustache`, `partials/footer.mustache`.
protocol TemplateSource: AnyObject {
    /// The file's text, or `nil` when there is no such file.
    func file(at path: String, deadline: ContinuousClock.Instant) throws(TemplateSourceError) -> String?

    /// Where the files are, for error messages: `the package folder /var/task/templates`.
    var location: String { get }

    /// The names of the folders at the top of the store (templates, `partials`, `locales`), or
    /// nil when this store cannot list them.
    func folderNames(deadline: ContinuousClock.Instant) throws(TemplateSourceError) -> [String]?
}

/// The template store could not be read; the message may be sent later.
struct TemplateSourceError: Error, Sendable, Equatable, CustomStringConvertible {
    var path: String
    /// S3's error code (`AccessDenied`, `SlowDown`) or ours (`ReadFailed`, `ConnectionFailed`).
    var code: String
    var message: String
    var isRetryable: Bool

    var description: String { "cannot read template file \(path): \(code): \(message)" }
}
