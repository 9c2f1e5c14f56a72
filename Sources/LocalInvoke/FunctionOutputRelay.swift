import Glibc

/// The function's standard output and error, copied to this tool's standard error a whole line at
/// a time, each line prefixed with `    log | `.
///
/// No thread reads the pipe behind the caller's back: the caller calls ``relayAvailable()`` while
/// it waits and before it prints anything itself. The function writes its log lines before it
/// posts its answer, so they come out before the answer, in the order a terminal shows them, also
/// when both streams go to one file, and a line is never cut by another.
final class FunctionOutputRelay {
    /// The pipe's write end, for the function's standard output and error; ``functionStarted()``
    /// closes this process's copy.
    let writeEnd: Int32
    private let readEnd: Int32
    private var partialLine: [UInt8] = []

    private static let prefix = Array("    log | ".utf8)
    /// A longer line is relayed in pieces, so that a function that never ends its line cannot
    /// make this process hold its output.
    private static let maximumLineLength = 64 * 1024

    init() throws(RelayError) {
        var ends: [Int32] = [0, 0]
        // Close-on-exec: the function gets the write end only as its standard output and error.
        guard pipe(&ends) == 0,
              fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0,
              fcntl(ends[0], F_SETFL, O_NONBLOCK) == 0
        else {
            throw RelayError(errno: errno)
        }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    /// Closes this process's copy of the write end, so that the pipe ends when the function exits.
    func functionStarted() {
        close(writeEnd)
    }

    /// Relays every complete line the function has written so far.
    func relayAvailable() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            // 0: the function has exited; -1 with EAGAIN: nothing more for now.
            guard count > 0 else { return }
            relayLines(of: buffer[..<count])
        }
    }

    /// Relays everything left, an unterminated last line included.
    func finish() {
        relayAvailable()
        if !partialLine.isEmpty {
            StandardStream.error.write(Self.prefix + partialLine + [UInt8(ascii: "\n")])
            partialLine = []
        }
    }

    private func relayLines(of bytes: ArraySlice<UInt8>) {
        var output: [UInt8] = []
        for byte in bytes {
            partialLine.append(byte)
            if byte == UInt8(ascii: "\n") || partialLine.count >= Self.maximumLineLength {
                output += Self.prefix + partialLine
                if byte != UInt8(ascii: "\n") { output.append(UInt8(ascii: "\n")) }
                partialLine.removeAll(keepingCapacity: true)
            }
        }
        StandardStream.error.write(output)
    }
}

/// The pipe for the function's output could not be made.
struct RelayError: Error, CustomStringConvertible {
    var errno: Int32
    var description: String { "cannot make a pipe for the function's output: \(String(cString: strerror(errno)))" }
}
