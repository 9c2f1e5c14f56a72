import CCurl

/// glibc's heap, set for a process that builds messages of up to tens of MiB, one after another.
///
/// By default glibc gives the heap's top back to the kernel whenever more than 128 KiB of it is
/// free, and serves blocks over 128 KiB with mmap: a message with a 100 KB attachment grew and
/// shrank the heap every time (136 page faults and 5 `brk` calls, about 0.37 ms of its 1.3 ms).
public enum ProcessHeap {
    /// Keeps up to 64 MiB of freed heap and serves blocks up to 32 MiB from the heap, so the next
    /// message of a size faults nothing. Call once, before the first message.
    ///
    /// The cost: memory freed after the largest message stays with the process (its peak use,
    /// which the function's memory size must allow anyway) instead of going back to Lambda. Both
    /// thresholds are set: setting the trim threshold alone turns glibc's adaptive mmap threshold
    /// off and faulted more than before.
    public static func keepFreedMemory() {
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 64 << 20)
    }
}
