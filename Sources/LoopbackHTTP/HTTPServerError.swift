import Glibc

/// The server could not start: a socket call failed.
public struct HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The system call that failed, e.g. `bind`.
    public var operation: String
    public var errno: Int32

    public init(operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        "HTTP server: \(operation) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
