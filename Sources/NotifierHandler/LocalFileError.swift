import Glibc

/// A file operation of ``LocalFile`` that failed, with the system's reason.
struct LocalFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done: `open`, `read`, `write`, `rename`, `create the folder`.
    var operation: String
    var path: String
    /// The `errno` value.
    var code: Int32

    var description: String {
        "cannot \(operation) \(path): \(String(cString: strerror(code)))"
    }
}
