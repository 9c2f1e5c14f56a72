import Glibc

extension DirectoryTemplateSource {
    /// The sub-folders of the template folder, sorted; read each time (a listing is asked for
    /// only when a route or event is not known, and the preview wants new templates at once).
    func folderNames(deadline: ContinuousClock.Instant) throws(TemplateSourceError) -> [String]? {
        guard let stream = opendir(directory) else {
            throw TemplateSourceError(path: "(template folder)", code: "ReadFailed", message: "the template folder cannot be listed", isRetryable: false)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            var status = stat()
            if stat(directory + "/" + name, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
                names.append(name)
            }
        }
        return names.sorted()
    }
}
