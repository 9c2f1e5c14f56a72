import Glibc

/// Standard output or standard error, written with `write(2)` and no buffer, so that what this
/// tool prints on the two streams keeps its order when both go to one file.
struct StandardStream {
    let descriptor: Int32

    static let output = StandardStream(descriptor: STDOUT_FILENO)
    static let error = StandardStream(descriptor: STDERR_FILENO)

    /// Writes `text` and a line break.
    func line(_ text: String) {
        write(Array(text.utf8) + [UInt8(ascii: "\n")])
    }

    /// Writes all of `bytes`; what a closed stream does not take is dropped.
    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
