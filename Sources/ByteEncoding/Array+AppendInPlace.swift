extension [UInt8] {
    /// Appends the bytes `body` writes straight into the array's storage: `body` gets a pointer to
    /// room for `maximumCount` bytes at the end and returns how many it wrote, at most `maximumCount`.
    ///
    /// For encoders whose output is large or whose exact size is only known afterwards: they write in
    /// place instead of into a temporary array that would then be copied.
    public mutating func appendInPlace(atMost maximumCount: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        guard maximumCount > 0 else {
            return
        }
        let start = count
        // Array offers no way to grow into uninitialized storage; zero-filling the room is a memset,
        // a fraction of the cost of encoding into a temporary buffer and copying it.
        append(contentsOf: repeatElement(0, count: maximumCount))
        let written = withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { body($0 + start) } ?? 0
        }
        removeLast(maximumCount - written)
    }
}
