import Glibc

/// `write(2)` until every byte is out: the one loop behind log lines, metrics lines and local files.
public enum FileDescriptorWrite {
    /// Writes all of `bytes` to `descriptor`, retrying after interruptions (`EINTR`) and partial
    /// writes (a full pipe). Returns `nil` when every byte was written, else the `errno` of the
    /// write that failed; what was written before it stays written.
    @discardableResult
    public static func all(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        guard let base = bytes.baseAddress else { return nil }
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }
}
