import Glibc

/// The process's standard output, where Lambda collects log lines and metric lines for CloudWatch
/// Logs, shared by every worker thread.
public enum StandardOutput {
    /// Writes `line` (newline included) whole: one `write(2)` when the system takes it all, more
    /// after a partial write or an interruption, under a process-wide lock so that no other
    /// thread's line lands inside it. A line the system refuses (standard output closed) is
    /// dropped; logging never stops the function. `descriptor` is for tests that send the lines
    /// elsewhere.
    public static func writeLine(_ line: [UInt8], to descriptor: Int32 = STDOUT_FILENO) {
        line.withUnsafeBytes { bytes in
            outputLock.withLock { _ = FileDescriptorWrite.all(bytes, to: descriptor) }
        }
    }
}

private let outputLock = ThreadLock()
