import Glibc

/// Blocks the thread for `duration`, resuming the sleep when a signal interrupts it.
///
/// The clients block their thread by design (see ``SESClient``), so a retry waits here rather
/// than in a task.
public func sleep(for duration: Duration) {
    let (seconds, attoseconds) = duration.components
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) == -1, errno == EINTR {
        request = remaining
    }
}
