import Glibc

/// A POSIX mutex, for the little state worker threads share (standard output).
///
/// A pthread mutex rather than `Synchronization.Mutex`: the thread sanitizer understands
/// `pthread_mutex_lock`, so the concurrent tests check this code for races like any other.
final class ThreadLock: @unchecked Sendable {
    // A pthread mutex must not move once initialised, hence the heap allocation.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
