import Glibc
import LambdaRuntime

/// The few file operations the function needs on its own disk (templates packaged with it, the
/// `.eml` outbox), straight over POSIX calls.
enum LocalFile {
    /// Whether anything (a file, a folder) exists at `path`.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// The whole content of the file at `path`.
    static func read(_ path: String) throws(LocalFileError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw LocalFileError(operation: "open", path: path, code: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw LocalFileError(operation: "stat", path: path, code: errno) }
        var content: [UInt8] = []
        content.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return content }
            if count < 0 {
                if errno == EINTR { continue }
                throw LocalFileError(operation: "read", path: path, code: errno)
            }
            content.append(contentsOf: chunk[..<count])
        }
    }

    /// Writes `bytes` to a temporary file beside `path`, then renames it over `path`: a reader
    /// sees the old file or the complete new one, never a part.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(LocalFileError) {
        let temporaryPath = path + ".partial"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw LocalFileError(operation: "create", path: temporaryPath, code: errno) }
        if let code = bytes.withUnsafeBytes({ FileDescriptorWrite.all($0, to: descriptor) }) {
            close(descriptor)
            unlink(temporaryPath)
            throw LocalFileError(operation: "write", path: temporaryPath, code: code)
        }
        guard close(descriptor) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw LocalFileError(operation: "write", path: temporaryPath, code: code)
        }
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw LocalFileError(operation: "rename", path: path, code: code)
        }
    }

    /// Creates the folder `path` and any missing folders above it; one that exists already is fine.
    static func createDirectory(_ path: String) throws(LocalFileError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 {
                let code = errno
                var status = stat()
                guard code == EEXIST, stat(prefix, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
                    throw LocalFileError(operation: "create the folder", path: prefix, code: code)
                }
            }
            prefix += "/"
        }
    }
}
