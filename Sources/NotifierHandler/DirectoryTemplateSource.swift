/// Templates in a folder, by default the `templates/` folder packaged with the function
/// (`$LAMBDA_TASK_ROOT/templates`). The package never changes while the function runs, so every
/// file is read once and kept.
final class DirectoryTemplateSource: TemplateSource {
    let directory: String
    private var files: [String: String?] = [:]

    init(directory: String) {
        self.directory = directory
    }

    var location: String { "the folder \(directory)" }

    func file(at path: String, deadline: ContinuousClock.Instant) throws(TemplateSourceError) -> String? {
        if let known = files[path] { return known }
        let fullPath = directory + "/" + path
        var text: String?
        if LocalFile.exists(fullPath) {
            guard let data = try? LocalFile.read(fullPath),
                  let decoded = String(validating: data, as: UTF8.self)
            else {
                throw TemplateSourceError(path: path, code: "ReadFailed", message: "not readable as UTF-8 text", isRetryable: false)
            }
            text = decoded
        }
        files[path] = text
        return text
    }
}
