import Glibc

/// A value guarded by a mutex, with a condition variable so that a thread can sleep until the value
/// reaches a state it is waiting for (an event queued, a response recorded, the server stopping).
///
/// `Synchronization.Mutex` has no way to wait, and the servers in this module block on purpose: a
/// Runtime API `/next` long poll holds its connection's thread until an event is queued.
public final class WaitableMutex<Value: Sendable>: @unchecked Sendable {
    // pthread objects must not move once initialised, hence the heap allocations.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var value: Value

    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        // Timeouts must not jump with the wall clock.
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value, then wakes every waiter so that each
    /// re-checks its condition.
    public func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer {
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }
        return try body(&value)
    }

    /// Waits until `condition` returns a result, and returns it; `nil` when `timeout` passes first.
    ///
    /// `condition` runs under the lock, first at once and then after every change made through
    /// ``withLock(_:)``; it may change the value (take a queued item), and when it returns a result
    /// the other waiters are woken too. A `nil` timeout waits for ever.
    public func wait<Result>(
        timeout: Duration?,
        until condition: (inout Value) -> Result?
    ) -> Result? {
        let deadline = timeout.map(MonotonicDeadline.init(after:))
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while true {
            if let result = condition(&value) {
                pthread_cond_broadcast(self.condition)
                return result
            }
            if var deadline {
                if pthread_cond_timedwait(self.condition, mutex, &deadline.timespec) == ETIMEDOUT {
                    return condition(&value)
                }
            } else {
                pthread_cond_wait(self.condition, mutex)
            }
        }
    }
}

/// An absolute `CLOCK_MONOTONIC` time, the form `pthread_cond_timedwait` takes.
private struct MonotonicDeadline {
    var timespec: timespec

    init(after duration: Duration) {
        var now = Glibc.timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let (seconds, attoseconds) = max(duration, .zero).components
        var nanoseconds = Int(now.tv_nsec) + Int(attoseconds / 1_000_000_000)
        // Capped at a century so that an absurd timeout cannot overflow `tv_sec`.
        var wholeSeconds = Int(now.tv_sec) + Int(min(seconds, 3_153_600_000))
        if nanoseconds >= 1_000_000_000 {
            nanoseconds -= 1_000_000_000
            wholeSeconds += 1
        }
        timespec = Glibc.timespec(tv_sec: wholeSeconds, tv_nsec: nanoseconds)
    }
}
