/// Templates in a folder, by default the `templates/` folder packaged with the function
/// (`$LAMBDA_TASK_ROOT/templates`). The package never changes while the function runs, so a file
/// read is kept (at most ``maximumFiles``, ``maximumBytes`` in all). A file that is not there is
/// not remembered: template names come from the messages, and asking the file system again costs
/// little, while remembering every name asked for would cost memory without end.
final class DirectoryTemplateSource: TemplateSource {
    static let maximumFiles = 256
    static let maximumBytes = 16 << 20

    let directory: String
    private var files = BoundedCache<String>(maximumCount: maximumFiles, maximumCost: maximumBytes)

    init(directory: String) {
        self.directory = directory
    }

    var location: String { "the folder \(directory)" }

    /// How many files are kept, for tests of the bound.
    var keptCount: Int { files.count }

    func file(at path: String, deadline: ContinuousClock.Instant) throws(TemplateSourceError) -> String? {
        if let known = files[path] { return known }
        let fullPath = directory + "/" + path
        guard LocalFile.exists(fullPath) else { return nil }
        guard let data = try? LocalFile.read(fullPath),
              let text = String(validating: data, as: UTF8.self)
        else {
            // The path within the store: a caller may be shown it, the server's folder never.
            throw TemplateSourceError(path: path, code: "ReadFailed", message: "not readable as UTF-8 text", isRetryable: false)
        }
        files.store(text, for: path, cost: text.utf8.count)
        return text
    }
}
